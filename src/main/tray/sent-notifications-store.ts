import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { writePrivateFileAtomically } from '../transfer/private-file'

/**
 * The expiry notifications already shown (notification-schedule.ts keys), kept in a small
 * file in userData so "each once" survives a restart. Nothing in it is secret (credential
 * ids and dates), but it is written 0600 and atomically like every file the app writes.
 *
 * A missing, unreadable or malformed file is never an error: the app starts from an empty
 * set (at worst one notice is shown again) and the next save replaces it. A failed save is
 * reported, not thrown: a notification shown is not worth a crash.
 */

export const sentNotificationsFileName = 'sent-notifications.json'

/** Enough for years of notices: four per credential per year; pruned on every save. */
const maxKeys = 1000

const fileSchema = z.object({
  version: z.literal(1),
  sent: z.array(z.string().min(1).max(300)).max(maxKeys),
})

export type SentNotificationsStore = {
  load(): Promise<Set<string>>
  save(sent: ReadonlySet<string>): Promise<void>
}

export function createSentNotificationsFile(options: {
  path: string
  /** Start-up remarks (a bad file), and failed saves. */
  log: (message: string) => void
}): SentNotificationsStore {
  const { path, log } = options
  // One save at a time, in order: two overlapping renames could leave the older set last.
  let saving: Promise<void> = Promise.resolve()
  return {
    async load() {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          log(`Expiry notifications: ${path} could not be read; starting afresh.`)
        }
        return new Set()
      }
      const parsed = fileSchema.safeParse(parseJson(text))
      if (!parsed.success) {
        log(`Expiry notifications: ${path} is not a list the app wrote; starting afresh.`)
        return new Set()
      }
      return new Set(parsed.data.sent)
    },
    save(sent) {
      const keys = [...sent].slice(-maxKeys)
      const text = `${JSON.stringify({ version: 1, sent: keys } satisfies z.infer<typeof fileSchema>)}\n`
      saving = saving.then(() =>
        writePrivateFileAtomically(path, text).catch((error: unknown) => {
          log(
            `Expiry notifications: could not save ${path} (${error instanceof Error ? error.message : String(error)}).`,
          )
        }),
      )
      return saving
    },
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
