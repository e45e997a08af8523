import type { z } from 'zod'

/**
 * One reading of a zod failure for every trust boundary (the service's HTTP layer and admin
 * commands, the app's IPC dispatcher, the vault, the renderer's forms): each issue becomes
 * the field it concerns, as a dotted path ('' when the whole value is at fault), and zod's
 * message. Callers choose how to phrase it; nobody walks `issues` by hand.
 */
export type FieldError = { field: string; message: string }

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }))
}

/** The first problem, or undefined for an error without issues. */
export function firstFieldError(error: z.ZodError): FieldError | undefined {
  return fieldErrorsOf(error)[0]
}

/**
 * The first message per top-level field, for a form that shows one message under each
 * input; issues about the value as a whole go under `rootKey`.
 */
export function fieldErrorMap(error: z.ZodError, rootKey = 'form'): Record<string, string> {
  const map: Record<string, string> = {}
  for (const issue of error.issues) {
    const top = issue.path[0]
    map[top === undefined ? rootKey : String(top)] ??= issue.message
  }
  return map
}

/** "digits: Digits must be 6, 7 or 8", or the bare message when the whole value is at fault. */
export function describeFieldError(problem: FieldError): string {
  return problem.field ? `${problem.field}: ${problem.message}` : problem.message
}
