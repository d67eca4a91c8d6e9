/** What other modules may use of mail (the only door into mail/): queueing a message. */
export { sendMail, type OutgoingMail } from './mail.usecases';
