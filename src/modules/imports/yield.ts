/**
 * Lets the event loop take I/O. PGlite answers queries in this thread and resolves their promises at
 * once, so a loop of awaited queries or a long synchronous pass over a file's rows would otherwise
 * run in one turn of the loop, and no other request would be read until it ends (issue 12, defect 6).
 */
export const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** Rows handled between two yields in the dry run's synchronous passes (a few ms each). */
export const YIELD_EVERY = 250;
