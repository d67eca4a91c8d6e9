/** What other modules may use of users (the only door into users/): a person and their memberships. */
export { findMemberships, findUserByEmail } from './users.repository';
/** Inviting people and creating the first admin, for the onboarding commands (organisations/onboarding.cli.ts). */
export { inviteUser } from './invitations.usecases';
export { createFirstAdmin } from './setup.usecases';
/** People created by a module's demo seed (SSPF's fictional case team). */
export { createUser } from './users.usecases';
/** Ending a session on the server (SSPF's shorter idle time signs the session out, not only the browser). */
export { signOut } from './users.usecases';
