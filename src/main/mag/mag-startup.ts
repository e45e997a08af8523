import { join } from 'node:path'
import type { MagAdapters } from '../app-services'
import {
  appSettingsFileName,
  createFileAppSettingsStore,
  type AppSettingsStore,
} from '../settings/app-settings-store'
import type { ExternalOpener } from '../shell/safe-shell'
import { resolveMagService, type DevelopmentService } from './dev-service'
import { magSettingsFrom } from './mag-settings'
import type { MagService } from './mag-service'

export type MagStartupInput = {
  userDataDir: string
  isPackaged: boolean
  /**
   * Starts the reference service with its demo data (development builds; index.ts passes
   * startDevelopmentService). Absent: never started.
   */
  startDevelopmentService?: (dataDir: string) => Promise<DevelopmentService>
  shell: ExternalOpener
  log: (message: string) => void
  /**
   * The app's settings file, when the caller already opened it: one store per file, so the
   * desktop settings and MAG's address never overwrite each other's saves.
   */
  settingsStore?: AppSettingsStore
}

/** settings.json in userData, its notices logged. */
export function openAppSettingsFile(
  userDataDir: string,
  log: (message: string) => void,
): AppSettingsStore {
  return createFileAppSettingsStore({
    path: join(userDataDir, appSettingsFileName),
    onNotice: (notice) =>
      log(
        `Settings: ${notice.path} ${notice.kind === 'settings-file-moved-aside' ? `was moved aside to ${notice.movedTo}` : 'could not be read'} (${notice.reason}); the defaults are used.`,
      ),
  })
}

export type MagStartup = {
  /** For createAppServices. */
  adapters: MagAdapters
  /**
   * Once the services exist: resume the session and ask the service, and start the
   * development service when it is needed. Neither blocks the window: codes come first.
   */
  begin(mag: MagService): void
  /** At quit: the development service this run started, if any, stops. */
  stop(): Promise<void>
}

/**
 * MAG's part of the Electron start-up, kept out of start-app.ts: the address from the settings
 * file in userData, and in a development build with none, the reference service started on
 * loopback (MagService shows it as starting, then uses it, or says why it did not start). A
 * packaged app never starts one.
 */
export async function prepareMag(input: MagStartupInput): Promise<MagStartup> {
  const settings = await magSettingsFrom(
    input.settingsStore ?? openAppSettingsFile(input.userDataDir, input.log),
  )
  const startDevelopment = input.startDevelopmentService
  const wantsDevelopmentService =
    settings.serviceUrl() === null && !input.isPackaged && startDevelopment !== undefined
  let started: { stop(): Promise<void> } | undefined
  let stopped = false

  return {
    adapters: {
      settings,
      developmentService: wantsDevelopmentService ? true : null,
      shell: input.shell,
      report: input.log,
    },
    begin: (mag) => {
      void mag.start()
      if (!wantsDevelopmentService || startDevelopment === undefined) return
      void resolveMagService({
        settingsUrl: null,
        isPackaged: input.isPackaged,
        startDevelopmentService: () =>
          startDevelopment(join(input.userDataDir, 'mag-development-service')),
      }).then(async (resolved) => {
        if (resolved.source !== 'development-service') return
        if (resolved.url === null) {
          input.log(`MAG: the development service did not start: ${resolved.problem}`)
          await mag.useDevelopmentService({ problem: resolved.problem })
          return
        }
        started = resolved
        // Quit while it was starting: it must not outlive the app.
        if (stopped) return void resolved.stop()
        input.log(`MAG: development service with demo data at ${resolved.url}`)
        await mag.useDevelopmentService({ url: resolved.url })
      })
    },
    stop: async () => {
      stopped = true
      await started?.stop()
    },
  }
}
