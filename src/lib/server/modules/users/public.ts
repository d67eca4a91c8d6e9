/** What other modules may use of users (the only door into users/): a person and their memberships. */
export { findMemberships, findUserByEmail } from './users.repository';
