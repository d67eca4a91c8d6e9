/** What other modules may use of SSPF: nothing. Its data leaves the module only as the steering group's de-identified statistics. */
export {};
