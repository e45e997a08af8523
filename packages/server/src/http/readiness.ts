/**
 * Whether the service may answer API requests. It starts 'starting' (listening already,
 * because the demo seed needs the service's own URL, but the data may not exist yet), becomes
 * 'ready' when the caller says so (database migrated, --demo data seeded), and 'closing' when
 * the app begins to close. Until ready, every /api route answers 503 not-ready, health
 * included, so "health says ready" means a sign-in right after it works.
 */
export type ReadinessState = 'starting' | 'ready' | 'closing'

export class Readiness {
  private current: ReadinessState

  constructor(initial: ReadinessState = 'starting') {
    this.current = initial
  }

  get state(): ReadinessState {
    return this.current
  }

  markReady(): void {
    if (this.current === 'starting') this.current = 'ready'
  }

  markClosing(): void {
    this.current = 'closing'
  }
}
