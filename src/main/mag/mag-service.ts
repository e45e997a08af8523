import type { CartView, CheckoutBody, EndpointResult, OrderView } from '@mag/mag-contract'
import { parseOtpauthUri } from '@mag/otp'
import type { EntrySummary, NewVaultEntry, VaultStatus } from '@mag/vault'
import { VaultError } from '@mag/vault/errors'
import type { MagApp, MagCredential, MagRequestedScreen, MagState } from '../../shared/mag-channels'
import { AppError } from '../../shared/errors'
import { openExternalSafely, type ExternalOpener } from '../shell/safe-shell'
import { isMagCallError, MagCallError, type MagCallErrorCode } from './client/mag-call-error'
import type { ClockSample } from './client/clock-skew'
import { HeldCredentials, type HeldCode } from './held-credential'
import { decideTicketUrl, partnerOrigins } from './launch'
import { fromMagCallError, magAppError, type MagErrorFacts } from './mag-errors'
import {
  accountFromProfile,
  appsOf,
  clockWarningFor,
  credentialsWithEntries,
  initialConnection,
  signedOutState,
  usableCredential,
  whyNoUsableCredential,
} from './mag-state'
import { CartKeeper, type MagCalls } from './purchase'

/**
 * MAG in the main process: the session, the dashboard's state, launch with step-up, Get 2FA
 * and Manage OTP. It holds the one MagState the window and the tray are built from, and
 * changes it only here, bumping its revision and telling listeners.
 *
 * The renderer never gets a token, a seed or a password from here: it calls actions and
 * reads the state; the seed of a Desktop OTP goes from the service's answer straight into
 * the vault, and the OTPs the app supplies are computed from the vault in main.
 *
 * Faults: a call that cannot reach the service, or gets garbage, marks the connection
 * offline or bad-response with a problem a user can act on, and changes nothing else
 * (Codes do not depend on any of this). The next successful call, or refresh(), marks it
 * online again without a restart. A session the service ended becomes 'expired'.
 */

/** What the service needs of a session (MagSession, src/main/mag/session/mag-session.ts). */
export type MagSessionPort = MagCalls & {
  status(): MagState['session']
  onChange(listener: (status: MagState['session']) => void): () => void
  /** Resumes the session from the refresh token in the keychain, if there is one. */
  restore(): Promise<unknown>
  signIn(body: {
    identifier: string
    password: string
    otp?: string
    credentialId?: string
  }): Promise<unknown>
  /** Ends it on the service (best effort) and forgets the refresh token. */
  signOut(): Promise<unknown>
}

/** A service address's client (unauthenticated calls) and session. */
export type MagLink = { session: MagSessionPort; client: MagCalls }

export type MagVault = {
  status(): VaultStatus
  list(): EntrySummary[]
  findByMagCredentialId(magCredentialId: string): EntrySummary | undefined
  readSecret(id: string): Uint8Array
  add(input: NewVaultEntry): Promise<EntrySummary>
  remove(id: string): Promise<void>
}

export type MagServiceSettings = {
  /** The user's service address, or null for the default. */
  serviceUrl(): string | null
  /** Validates and stores it (throws naming the problem); null returns to the default. */
  setServiceUrl(url: string | null): Promise<string | null>
}

export type MagServiceDeps = {
  /** Builds the client and session for a service address; clock samples come back through it. */
  connect(serviceUrl: string, hooks: { onClockSample(sample: ClockSample): void }): MagLink
  /** The vault, opened. */
  vault(): Promise<MagVault>
  settings: MagServiceSettings
  /**
   * A development build with no address in Settings starts the reference service: its
   * address, or true while it is still starting (useDevelopmentService() reports the end).
   */
  developmentService?: string | true | null
  /** The browser: only ever called through openExternalSafely. */
  shell: ExternalOpener
  /** Unix ms, this computer's clock (the one the Codes screen uses). */
  now(): number
  sleep?: (ms: number) => Promise<void>
  /** Problems worth a line in the log (a refused launch URL). Never given a secret or a URL. */
  report?: (message: string) => void
}

type Listener = (state: MagState) => void

/** OTP failures after which a sign-in is tried again with the password alone. */
const otpSignInFailures: readonly MagCallErrorCode[] = [
  'otp-invalid',
  'otp-replayed',
  'credential-locked',
  'credential-expired',
  'credential-inactive',
  'credential-not-found',
  'no-otp-credential',
]

export class MagService {
  private readonly deps: MagServiceDeps
  private readonly held: HeldCredentials
  private readonly cart = new CartKeeper()
  private readonly listeners = new Set<Listener>()
  private link: MagLink | null = null
  private state: MagState
  private requestedScreen: MagRequestedScreen | null = null
  private development: { url: string | null; starting: boolean; problem: string | null }
  /** OTP proofs of one credential run one at a time: each takes the step after the last. */
  private otpQueue: Promise<unknown> = Promise.resolve()

  constructor(deps: MagServiceDeps) {
    this.deps = deps
    this.held = new HeldCredentials({
      vault: () => deps.vault(),
      now: () => deps.now(),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      clockSkewMs: () => this.state.connection.clockSkewMs,
    })
    const development = deps.developmentService ?? null
    this.development = {
      url: typeof development === 'string' ? development : null,
      starting: development === true,
      problem: null,
    }
    this.state = signedOutState(this.connectionAtStart(), 0)
    const { url } = this.resolveUrl()
    if (url !== null) this.link = this.connect(url)
  }

  getState(): MagState {
    return this.state
  }

  onStateChange(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The registered origins of the granted partner apps: the safe shell's allowlist. */
  partnerOrigins(): string[] {
    return partnerOrigins(this.state.apps)
  }

  /** At start-up: resume the saved session, then ask the service. Never throws. */
  async start(): Promise<MagState> {
    const link = this.link
    if (link === null) return this.state
    try {
      await link.session.restore()
    } catch (error) {
      this.absorb(error)
    }
    return this.refresh()
  }

  /** Asks the service again (profile, apps, credentials; or only whether it answers). */
  async refresh(): Promise<MagState> {
    const link = this.link
    if (link === null) return this.state
    try {
      if (link.session.status() === 'active') await this.loadSignedIn(link)
      else {
        await link.client.call('health', {})
        this.markOnline()
        this.followSession(link.session.status())
      }
    } catch (error) {
      this.absorb(error)
    }
    return this.state
  }

  /**
   * Settings → MAG service address (null: back to the default). Another service means
   * another account: the session with the old one is ended first (its refresh token is
   * forgotten), and the new one starts signed out.
   */
  async setServiceUrl(url: string | null): Promise<MagState> {
    const before = this.resolveUrl().url
    await this.deps.settings.setServiceUrl(url)
    if (this.resolveUrl().url === before) return this.refresh()
    const previous = this.link
    this.link = null
    if (previous !== null) await previous.session.signOut().catch(() => undefined)
    this.cart.reset()
    this.reconnect()
    return this.refresh()
  }

  /**
   * Password sign-in; when the vault holds a MAG credential that may be this account's, its
   * current code goes with it, so the session starts at OTP strength. If that code is not
   * taken (another account's credential, expired, locked), the password alone signs in and
   * the dashboard shows why the credential did not count.
   */
  async signIn(input: { identifier: string; password: string }): Promise<MagState> {
    const link = this.requireLink()
    const candidate = await this.heldCandidateFor(input.identifier)
    let signedIn = false
    if (candidate !== undefined) {
      signedIn = await this.withOtpQueue(async () => {
        for (let attempt = 0; attempt < 2; attempt++) {
          const held = await this.held.nextCode(candidate)
          if (held === undefined) return false
          try {
            await this.remote(() =>
              link.session.signIn({ ...input, otp: held.code, credentialId: candidate }),
            )
            this.held.recordUsed(candidate, held.step)
            return true
          } catch (error) {
            const code = magCodeOf(error)
            if (code === 'otp-replayed') this.held.recordUsed(candidate, held.step)
            if (code === 'otp-replayed' && attempt === 0) continue
            if (code !== undefined && otpSignInFailures.includes(code)) return false
            throw error
          }
        }
        return false
      })
    }
    if (!signedIn) await this.remote(() => link.session.signIn(input))
    this.cart.reset()
    await this.loadSignedInQuietly(link)
    return this.state
  }

  /**
   * Ends the session here and on the service. Offline, it is forgotten here all the same
   * (the service lets it lapse). A keychain that cannot forget the refresh token is told
   * to the user after the session is already gone from memory.
   */
  async signOut(): Promise<MagState> {
    const link = this.link
    let keychainProblem: VaultError | undefined
    if (link !== null) {
      try {
        await link.session.signOut()
      } catch (error) {
        if (error instanceof VaultError) keychainProblem = error
        else this.absorb(error)
      }
    }
    this.cart.reset()
    this.toSignedOut()
    if (keychainProblem) throw keychainProblem
    return this.state
  }

  /** Steps the session up: with the code given, or one computed from the vault. */
  async elevate(input: { code?: string | undefined }): Promise<MagState> {
    const link = this.requireSession()
    await this.elevateWith(link, input.code, {})
    await this.loadSignedInQuietly(link)
    return this.state
  }

  /**
   * Launches a partner application: elevates first when it needs more strength, then opens
   * the ticket URL only on the application's registered origin (see launch.ts).
   */
  async launchApp(input: { slug: string; code?: string | undefined }): Promise<{
    openedOrigin: string
  }> {
    const link = this.requireSession()
    let app = this.state.apps.find((candidate) => candidate.slug === input.slug)
    if (app === undefined) {
      await this.loadSignedInQuietly(link)
      app = this.state.apps.find((candidate) => candidate.slug === input.slug)
    }
    if (app === undefined) {
      // Offline (a session restored on trust has no app list yet): say that, not "not granted".
      const { status, serviceUrl } = this.state.connection
      if (status === 'offline' || status === 'bad-response') {
        throw magAppError(status === 'offline' ? 'mag-offline' : 'mag-bad-response', { serviceUrl })
      }
      throw magAppError('app-not-found')
    }
    const facts: MagErrorFacts = { appName: app.name }

    let elevated = false
    if (app.requiredStrength === 'otp' && !app.requirementsMet) {
      await this.elevateWith(link, input.code, facts)
      elevated = true
    }
    let ticket: { url: string }
    try {
      ticket = await this.remote(
        () => link.session.call('launchApp', { params: { slug: input.slug } }),
        facts,
      )
    } catch (error) {
      // The list was stale (the strength lapsed meanwhile): step up once and try again.
      if (magCodeOf(error) !== 'login-requirements-not-met' || elevated) throw error
      await this.elevateWith(link, input.code, facts)
      elevated = true
      ticket = await this.remote(
        () => link.session.call('launchApp', { params: { slug: input.slug } }),
        facts,
      )
    }

    const openedOrigin = await this.openTicket(ticket.url, app)
    if (elevated) await this.loadSignedInQuietly(link)
    return { openedOrigin }
  }

  async getCatalogue(): Promise<EndpointResult<'getCatalogue'>> {
    const link = this.requireLink()
    const catalogue = await this.remote(() => link.client.call('getCatalogue', {}))
    return { products: catalogue.products }
  }

  getCart(): Promise<CartView | null> {
    const link = this.requireSession()
    return this.remote(() => this.cart.get(link.session))
  }

  addToCart(item: {
    productId: string
    credentialId?: string | undefined
    quantity?: number | undefined
  }): Promise<CartView> {
    const link = this.requireSession()
    return this.remote(() => this.cart.add(link.session, item))
  }

  removeCartItem(input: { itemId: string }): Promise<CartView | null> {
    const link = this.requireSession()
    return this.remote(() => this.cart.removeItem(link.session, input.itemId))
  }

  /** Pays the open cart; a renewal shows in the credentials at once. */
  async checkout(input: { payment: CheckoutBody }): Promise<OrderView> {
    const link = this.requireSession()
    const order = await this.remote(() => this.cart.checkout(link.session, input.payment))
    if (order.renewals.length > 0 || order.status === 'paid') await this.loadSignedInQuietly(link)
    return order
  }

  async listOrders(): Promise<{ orders: OrderView[] }> {
    const link = this.requireSession()
    const { orders } = await this.remote(() => link.session.call('listOrders', {}))
    return { orders }
  }

  async listLicenseKeys(): Promise<EndpointResult<'listLicenseKeys'>> {
    const link = this.requireSession()
    const { licenseKeys } = await this.remote(() => link.session.call('listLicenseKeys', {}))
    return { licenseKeys }
  }

  /**
   * Activates a license key. Desktop OTP: the seed from the service goes straight into a
   * vault entry marked with the credential's id, and a current code from it proves it
   * (confirm). Whatever fails after the entry was added, it is removed again: no seed is
   * kept without its proof, and no credential is left half set up here (the service keeps it
   * pending, and activating the key again issues a fresh seed). A hardware token binds by
   * its serial and two codes and touches no vault.
   */
  async activate(input: {
    licenseKey: string
    serial?: string | undefined
    codes?: [string, string] | undefined
  }): Promise<MagCredential> {
    const link = this.requireSession()
    if (input.serial !== undefined || input.codes !== undefined) {
      const result = await this.remote(() =>
        link.session.call('activateLicenseKey', {
          body: {
            licenseKey: input.licenseKey,
            ...(input.serial === undefined ? {} : { serial: input.serial }),
            ...(input.codes === undefined ? {} : { codes: input.codes }),
          },
        }),
      )
      await this.loadSignedInQuietly(link)
      return { ...result.credential, entryId: null }
    }

    // Before the service issues a seed: one that cannot be stored must not be issued.
    const vault = await this.readyVault()
    const activation = await this.remote(() =>
      link.session.call('activateLicenseKey', { body: { licenseKey: input.licenseKey } }),
    )
    const credential = activation.credential
    if (activation.otpauthUri === null) {
      // A hardware token's key activated without its serial: the service says what it needs.
      await this.loadSignedInQuietly(link)
      return { ...credential, entryId: null }
    }
    const entry = await this.withOtpQueue(() =>
      this.storeAndProve(link, vault, credential.id, activation.otpauthUri as string),
    )
    await this.loadSignedInQuietly(link)
    const confirmed = this.state.credentials.find((c) => c.id === credential.id)
    return confirmed ?? { ...credential, status: 'active', entryId: entry.id }
  }

  /** Unlocks a locked credential with two consecutive codes, computed here when held. */
  async resync(input: {
    credentialId: string
    codes?: [string, string] | undefined
  }): Promise<MagCredential> {
    const link = this.requireSession()
    await this.withOtpQueue(async () => {
      let codes = input.codes
      let lastStep: number | undefined
      if (codes === undefined) {
        const computed = await this.held.consecutiveCodes(input.credentialId)
        if (computed === undefined) {
          const credential = this.state.credentials.find((c) => c.id === input.credentialId)
          throw magAppError('mag-code-needed', { credentialType: credential?.type })
        }
        codes = computed.codes
        lastStep = computed.lastStep
      }
      const [code1, code2] = codes
      await this.remote(() =>
        link.session.call('resyncCredential', {
          params: { credentialId: input.credentialId },
          body: { code1, code2 },
        }),
      )
      if (lastStep !== undefined) this.held.recordUsed(input.credentialId, lastStep)
    })
    await this.loadSignedInQuietly(link)
    const credential = this.state.credentials.find((c) => c.id === input.credentialId)
    if (credential !== undefined) return credential
    const fetched = await this.remote(() =>
      link.session.call('getCredential', { params: { credentialId: input.credentialId } }),
    )
    return { ...fetched, entryId: (await this.entryIdOf(fetched.id)) ?? null }
  }

  /** The tray or a notification asks the window to show a screen (taken once). */
  requestScreen(screen: MagRequestedScreen): void {
    this.requestedScreen = screen
  }

  takeRequestedScreen(): MagRequestedScreen | null {
    const screen = this.requestedScreen
    this.requestedScreen = null
    return screen
  }

  // ---- internals ----

  /**
   * The development service has started (its address) or failed (why). Used at once unless
   * Settings names another service; a session it restores is resumed as at start-up.
   */
  async useDevelopmentService(result: { url: string } | { problem: string }): Promise<MagState> {
    this.development = {
      url: 'url' in result ? result.url : null,
      starting: false,
      problem: 'problem' in result ? result.problem : null,
    }
    if (this.deps.settings.serviceUrl() !== null) return this.state
    this.reconnect()
    return this.start()
  }

  private resolveUrl(): { url: string | null; source: MagState['connection']['source'] } {
    const configured = this.deps.settings.serviceUrl()
    if (configured !== null) return { url: configured, source: 'settings' }
    const { url, starting, problem } = this.development
    if (url !== null) return { url, source: 'development-service' }
    if (starting || problem !== null) return { url: null, source: 'development-service' }
    return { url: null, source: 'none' }
  }

  /** A development service still starting is 'unknown' (not yet not-configured), a failed one says why. */
  private connectionAtStart(): MagState['connection'] {
    const { url, source } = this.resolveUrl()
    const connection = initialConnection(url, source)
    if (source !== 'development-service' || url !== null) return connection
    if (this.development.starting) return { ...connection, status: 'unknown' }
    return {
      ...connection,
      problem:
        `The development MAG service did not start: ${this.development.problem ?? 'no reason given'}`.slice(
          0,
          500,
        ),
    }
  }

  /** Drops the current link and its session's state, and connects to the address in force. */
  private reconnect(): void {
    this.cart.reset()
    const { url } = this.resolveUrl()
    this.link = url === null ? null : this.connect(url)
    this.replace(signedOutState(this.connectionAtStart(), 0))
  }

  private connect(serviceUrl: string): MagLink {
    const link: MagLink = this.deps.connect(serviceUrl, {
      onClockSample: (sample) => {
        // Samples from a link that was replaced meanwhile describe another service.
        if (this.link === link || this.link === null) this.takeClockSample(sample)
      },
    })
    link.session.onChange((status) => {
      if (this.link === link) this.followSession(status)
    })
    return link
  }

  /**
   * The session's status is the session's (it may end during any call, or a background
   * refresh): mirrored here, and what only a signed-in session may see is dropped with it.
   */
  private followSession(status: MagState['session']): void {
    if (status === 'active') {
      if (this.state.session !== 'active') this.update({ session: 'active' })
      return
    }
    this.cart.reset()
    if (this.state.session === status && this.state.account === null) return
    this.update({ session: status, account: null, apps: [], credentials: [] })
  }

  /**
   * A new skew changes the state only when it moves by more than a second or flips the
   * warning: every answer carries a sample, and the window need not redraw for each.
   */
  private takeClockSample(sample: ClockSample): void {
    const { connection } = this.state
    const warning = clockWarningFor(sample.skewMs)
    const previous = connection.clockSkewMs
    if (
      previous !== null &&
      Math.abs(previous - sample.skewMs) < 1000 &&
      warning === connection.clockWarning
    ) {
      return
    }
    this.update({
      connection: { ...connection, clockSkewMs: sample.skewMs, clockWarning: warning },
    })
  }

  private requireLink(): MagLink {
    if (this.link === null) throw magAppError('mag-not-configured')
    return this.link
  }

  private requireSession(): MagLink {
    const link = this.requireLink()
    const status = link.session.status()
    if (status !== 'active') {
      throw magAppError(status === 'expired' ? 'mag-session-expired' : 'mag-signed-out')
    }
    return link
  }

  /**
   * Runs a call and reads its outcome into the connection: answered → online; not reached
   * or garbage → offline / bad-response; session ended → expired. MAG failures become
   * AppErrors with their message; others pass unchanged.
   */
  private async remote<T>(work: () => Promise<T>, facts: MagErrorFacts = {}): Promise<T> {
    try {
      const result = await work()
      this.markOnline()
      return result
    } catch (error) {
      throw this.failure(error, facts)
    }
  }

  private failure(error: unknown, facts: MagErrorFacts): unknown {
    if (error instanceof AppError || error instanceof VaultError) return error
    if (!(error instanceof MagCallError)) return error
    this.noteFailure(error)
    return fromMagCallError(error, {
      serviceUrl: this.state.connection.serviceUrl,
      clockSkewMs: this.state.connection.clockSkewMs,
      ...facts,
    })
  }

  /** The state a failed call implies; nothing else changes. */
  private noteFailure(error: MagCallError): void {
    const { connection } = this.state
    const facts = { serviceUrl: connection.serviceUrl }
    switch (error.code) {
      case 'mag-offline':
      case 'mag-bad-response': {
        const status = error.code === 'mag-offline' ? 'offline' : 'bad-response'
        const problem = fromMagCallError(error, facts).message
        if (connection.status !== status || connection.problem !== problem) {
          this.update({ connection: { ...connection, status, problem } })
        }
        return
      }
      case 'mag-session-expired':
        this.markOnline()
        this.followSession('expired')
        return
      case 'mag-signed-out':
        return
      default:
        // The service answered: it is there, whatever it said.
        this.markOnline()
    }
  }

  /** For callers that report through the state rather than by throwing. */
  private absorb(error: unknown): void {
    if (error instanceof MagCallError) this.noteFailure(error)
    else if (!(error instanceof AppError)) this.deps.report?.(`MAG: ${describe(error)}`)
  }

  private markOnline(): void {
    const { connection } = this.state
    if (connection.status === 'online' && connection.problem === null) return
    this.update({ connection: { ...connection, status: 'online', problem: null } })
  }

  private async loadSignedIn(link: MagLink): Promise<void> {
    const [profile, apps, credentials] = await Promise.all([
      link.session.call('getProfile', {}),
      link.session.call('listApps', {}),
      link.session.call('listCredentials', {}),
    ])
    this.markOnline()
    const entryIds = await this.entryIdLookup()
    this.update({
      session: 'active',
      account: accountFromProfile(profile),
      apps: appsOf(apps),
      credentials: credentialsWithEntries(credentials.credentials, entryIds),
    })
  }

  /** After an action that changed things: the action succeeded even if this refresh fails. */
  private async loadSignedInQuietly(link: MagLink): Promise<void> {
    try {
      await this.loadSignedIn(link)
    } catch (error) {
      this.absorb(error)
    }
  }

  private toSignedOut(): void {
    this.followSession('signed-out')
  }

  /** Vault entry ids by credential id; an unavailable vault marks nothing (no codes either). */
  private async entryIdLookup(): Promise<(credentialId: string) => string | undefined> {
    try {
      const vault = await this.deps.vault()
      return (credentialId) => vault.findByMagCredentialId(credentialId)?.id
    } catch {
      return () => undefined
    }
  }

  private async entryIdOf(credentialId: string): Promise<string | undefined> {
    return (await this.entryIdLookup())(credentialId)
  }

  /**
   * Which held credential's code to send with a sign-in, before the account is known: the
   * entry whose label is the identifier (the service labels a Desktop OTP seed with the
   * account's email), else the only MAG entry. With several and no match, none: the
   * password signs in and Elevate picks the right one from the account's credentials.
   */
  private async heldCandidateFor(identifier: string): Promise<string | undefined> {
    let entries: EntrySummary[]
    try {
      const vault = await this.deps.vault()
      if (vault.status().state !== 'ready') return undefined
      entries = vault
        .list()
        .filter((entry) => entry.magCredentialId !== undefined && entry.type === 'totp')
    } catch {
      return undefined
    }
    const wanted = identifier.trim().toLowerCase()
    const byLabel = entries.find((entry) => entry.label.trim().toLowerCase() === wanted)
    const chosen = byLabel ?? (entries.length === 1 ? entries[0] : undefined)
    return chosen?.magCredentialId
  }

  /**
   * Elevate with the code given, or one computed from the credential the vault holds. A
   * refused computed code while this computer's clock is off is explained by the gap.
   */
  private async elevateWith(
    link: MagLink,
    code: string | undefined,
    facts: MagErrorFacts,
  ): Promise<void> {
    if (code !== undefined) {
      await this.remote(() => link.session.call('elevate', { body: { code } }), facts).catch(
        (error: unknown) => this.explainOtpFailure(link, error, facts),
      )
      return
    }
    if (this.state.credentials.length === 0) await this.loadSignedInQuietly(link)
    const credential = usableCredential(this.state.credentials)
    if (credential === undefined) {
      const why = whyNoUsableCredential(this.state.credentials)
      throw magAppError(why, {
        ...facts,
        renewOffered: this.state.credentials.some((c) => c.renewOffered),
      })
    }
    await this.withOtpQueue(async () => {
      for (let attempt = 0; ; attempt++) {
        const held: HeldCode | undefined = await this.held.nextCode(credential.id)
        if (held === undefined) {
          throw magAppError('mag-code-needed', { ...facts, credentialType: credential.type })
        }
        try {
          await this.remote(
            () =>
              link.session.call('elevate', {
                body: { code: held.code, credentialId: credential.id },
              }),
            facts,
          )
          this.held.recordUsed(credential.id, held.step)
          return
        } catch (error) {
          // Spent elsewhere (the user typed it somewhere): the next step, once.
          if (magCodeOf(error) === 'otp-replayed') {
            this.held.recordUsed(credential.id, held.step)
            if (attempt === 0) continue
          }
          await this.explainOtpFailure(link, error, facts, credential.id)
        }
      }
    })
  }

  /**
   * Rethrows an OTP failure, refreshing the state where it changed (a lock, an expiry) and
   * explaining it where the app knows more: mag-clock-off when this computer's clock is off,
   * an expired credential's message by whether renewal is still offered (a grace period).
   */
  private async explainOtpFailure(
    link: MagLink,
    error: unknown,
    facts: MagErrorFacts,
    credentialId?: string,
  ): Promise<never> {
    const code = magCodeOf(error)
    if (code === 'credential-locked' || code === 'credential-expired') {
      await this.loadSignedInQuietly(link)
    }
    if (code === 'otp-invalid' && this.state.connection.clockWarning) {
      throw magAppError('mag-clock-off', { clockSkewMs: this.state.connection.clockSkewMs })
    }
    if (code === 'credential-expired') {
      const credential = this.state.credentials.find((c) => c.id === credentialId)
      throw magAppError('credential-expired', {
        ...facts,
        renewOffered: credential?.renewOffered === true,
      })
    }
    throw error
  }

  private async openTicket(url: string, app: MagApp): Promise<string> {
    const decision = decideTicketUrl(url, app)
    if (!decision.open) {
      this.deps.report?.(
        `MAG: refused the launch URL of ${app.slug}: its origin ${decision.foundOrigin ?? '(none)'} is not the registered ${app.origin}.`,
      )
      throw magAppError('mag-launch-refused', { appName: app.name })
    }
    const opened = await openExternalSafely(this.deps.shell, decision.url, this.partnerOrigins())
    if (!opened) {
      this.deps.report?.(`MAG: the safe shell refused the launch URL of ${app.slug}.`)
      throw magAppError('mag-launch-refused', { appName: app.name })
    }
    return decision.origin
  }

  /** The vault, open and holding its key; its own problem (a locked keychain) otherwise. */
  private async readyVault(): Promise<MagVault> {
    const vault = await this.deps.vault()
    const status = vault.status()
    if (status.state !== 'ready') {
      throw new VaultError(
        status.problem.kind,
        `${status.problem.message} ${status.problem.remedy} The credential was not set up, and nothing was stored.`,
      )
    }
    return vault
  }

  private async storeAndProve(
    link: MagLink,
    vault: MagVault,
    credentialId: string,
    otpauthUri: string,
  ): Promise<EntrySummary> {
    const parsed = parseOtpauthUri(otpauthUri)
    // An earlier entry of this credential was never proven (the service re-issued the seed).
    const stale = vault.findByMagCredentialId(credentialId)
    if (stale !== undefined) await vault.remove(stale.id)
    this.held.forget(credentialId)
    const entry = await vault.add({
      ...parsed,
      secret: new Uint8Array(parsed.secret),
      magCredentialId: credentialId,
    })
    try {
      const held = await this.held.nextCode(credentialId)
      if (held === undefined) throw new AppError('internal', 'The new credential was not stored.')
      await this.confirm(link, credentialId, held.code)
      this.held.recordUsed(credentialId, held.step)
      return entry
    } catch (error) {
      await vault.remove(entry.id).catch((removeError: unknown) => {
        this.deps.report?.(
          `MAG: removing an unproven credential entry failed: ${describe(removeError)}`,
        )
      })
      this.held.forget(credentialId)
      throw error
    }
  }

  /**
   * Confirm; when the answer is lost (offline after sending), the credential's status says
   * whether the proof landed: active means it did, and the entry is kept.
   */
  private async confirm(link: MagLink, credentialId: string, code: string): Promise<void> {
    try {
      await this.remote(() =>
        link.session.call('confirmCredential', { params: { credentialId }, body: { code } }),
      )
    } catch (error) {
      if (magCodeOf(error) === 'code-invalid' && this.state.connection.clockWarning) {
        throw magAppError('mag-clock-off', { clockSkewMs: this.state.connection.clockSkewMs })
      }
      if (!(error instanceof AppError) || error.code !== 'mag-offline') throw error
      const credential = await this.remote(() =>
        link.session.call('getCredential', { params: { credentialId } }),
      ).catch(() => undefined)
      if (credential?.status !== 'active') throw error
    }
  }

  private withOtpQueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.otpQueue.then(work, work)
    this.otpQueue = run.catch(() => undefined)
    return run
  }

  private update(patch: Partial<Omit<MagState, 'revision'>>): void {
    this.replace({ ...this.state, ...patch })
  }

  private replace(next: Omit<MagState, 'revision'> & { revision?: number }): void {
    this.state = { ...next, revision: this.state.revision + 1 }
    for (const listener of this.listeners) {
      try {
        listener(this.state)
      } catch (error) {
        this.deps.report?.(`MAG: a state listener failed: ${describe(error)}`)
      }
    }
  }
}

/** The MAG code of a failure, whether still a MagCallError or already an AppError. */
function magCodeOf(error: unknown): MagCallErrorCode | undefined {
  if (isMagCallError(error)) return error.code
  if (error instanceof AppError) return error.code as MagCallErrorCode
  return undefined
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error
}
