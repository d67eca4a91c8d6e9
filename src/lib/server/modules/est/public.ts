/** What other modules may use of EST: nothing yet (the lägesbild will read its report counts from here). */
export {};
