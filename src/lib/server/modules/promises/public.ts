/** What other modules may use of the citizen promises: the iCalendar text helpers (safety walks send meeting invitations with them). */
export { foldLine, icalText } from './promise-opendata';
