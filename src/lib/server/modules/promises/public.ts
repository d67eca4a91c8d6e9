/**
 * What other modules may use of the citizen promises: the iCalendar and Atom writers (safety walks
 * send meeting invitations and publish a feed with them) and the "Tyck till" spam and flood guard
 * (the public digital safety walk form uses the same honeypot, form token and rate limits).
 */
export { atomFeed, escapeXml, foldLine, icalText, type FeedEntry } from './promise-opendata';
export { HONEYPOT_FIELD, guardFeedback, issueFormToken, takeFeedbackQuota } from './feedback-guard';
