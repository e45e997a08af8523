/**
 * Loaded into the development MAG service's process (`node --import`), never into the app:
 * its stdin is a pipe from the app that started it. However the app ends (quit, crash,
 * kill -9), the pipe closes, and the service then shuts down as on SIGTERM (its own handler
 * closes the server and the database), so no orphaned service keeps its port and database.
 */
process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'))
// A pipe broken rather than closed means the same thing.
process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'))
process.stdin.resume()
