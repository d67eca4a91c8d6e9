/** What other modules may use of the safety walks: nothing yet. */
export {};
