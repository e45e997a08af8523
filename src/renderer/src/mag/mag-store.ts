import type { MagAuthApi } from '../../../shared/channels'
import type { MagRequestedScreen, MagState } from '../../../shared/mag-channels'
import { errorCode, errorMessage } from '../lib/errors'
import { invalidatesState } from './lib/mag-error-actions'
import type { Order } from './lib/purchase-flow'
import { HOME_ROUTES, routeForRequest, type MagRoute, type MagSection } from './lib/mag-routes'

export type MagSnapshot = {
  /** What main last said; undefined until the first answer. */
  state: MagState | undefined
  /** Main could not give a state at all (e.g. no service configured): its code and message. */
  loadError: { code: string | undefined; message: string } | undefined
  /** Each section's place, kept while the user is in Codes or another section. */
  routes: Readonly<Record<MagSection, MagRoute>>
}

/**
 * The MAG state the window shows, shared by the screens and the banners (which live in
 * different parts of the page). Main cannot push: the window reads the state when a MAG
 * section opens, when it wakes, after every action, and (only while visible) now and then.
 */
export class MagStore {
  private snapshot: MagSnapshot = { state: undefined, loadError: undefined, routes: HOME_ROUTES }
  private readonly listeners = new Set<() => void>()
  private loading: Promise<void> | undefined
  private lastRequestSerial = 0
  /** Orders this window placed, by id: the purchase steps after checkout show them. */
  private readonly orders = new Map<string, Order>()

  constructor(private readonly api: MagAuthApi) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): MagSnapshot => this.snapshot

  private set(next: Partial<MagSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...next }
    for (const listener of this.listeners) listener()
  }

  /** A state answered by an action or a read; an older revision never replaces a newer one. */
  accept(state: MagState): void {
    const current = this.snapshot.state
    if (current && state.revision < current.revision) return
    this.set({ state, loadError: undefined })
  }

  /** Reads main's state (no network). Concurrent callers share one read. */
  load(): Promise<void> {
    this.loading ??= this.read(() => this.api.magGetState()).finally(() => {
      this.loading = undefined
    })
    return this.loading
  }

  /** Asks main to ask the service again (profile, apps, credentials, clock). */
  refresh(): Promise<void> {
    return this.read(() => this.api.magRefresh())
  }

  private async read(call: () => Promise<MagState>): Promise<void> {
    try {
      this.accept(await call())
    } catch (caught) {
      // Keep the last state on screen (offline keeps what was known); say why if there is none.
      if (this.snapshot.state === undefined)
        this.set({ loadError: { code: errorCode(caught), message: errorMessage(caught) } })
    }
  }

  /** After an action failed: if the session or connection changed, show the new state. */
  noteError(caught: unknown): void {
    if (invalidatesState(errorCode(caught))) void this.load()
  }

  setRoute(section: MagSection, route: MagRoute): void {
    this.set({ routes: { ...this.snapshot.routes, [section]: route } })
  }

  /** Opens a screen main asked for, once per request (a remount must not reopen it). */
  applyRequest(request: MagRequestedScreen, serial: number): MagSection | undefined {
    if (serial <= this.lastRequestSerial) return undefined
    this.lastRequestSerial = serial
    const { section, route } = routeForRequest(request)
    this.setRoute(section, route)
    return section
  }

  rememberOrder(order: Order): void {
    this.orders.set(order.id, order)
  }

  /** An order by id: one this window placed, else from the service's list. */
  async order(id: string): Promise<Order | undefined> {
    const known = this.orders.get(id)
    if (known) return known
    const { orders } = await this.api.magListOrders()
    for (const order of orders) this.orders.set(order.id, order)
    return this.orders.get(id)
  }
}

const stores = new WeakMap<MagAuthApi, MagStore>()

/** One store per api client: it outlives the screens, so each section keeps its place. */
export function magStoreFor(api: MagAuthApi): MagStore {
  let store = stores.get(api)
  if (!store) {
    store = new MagStore(api)
    stores.set(api, store)
  }
  return store
}
