import dbus from 'dbus-next'

/**
 * Locks and unlocks the throwaway keyring of scripts/with-test-keyring.mjs over D-Bus, the
 * way a user's desktop does, so e2e tests can show a really locked keychain and a real
 * recovery. Only ever call this inside that script (requireTestKeyring): on a desktop it
 * would lock the user's own keyring.
 */

/** The password scripts/with-test-keyring.mjs gives the throwaway keyring. */
export const TEST_KEYRING_PASSWORD = 'mag-test'

const SECRETS = 'org.freedesktop.secrets'
const SERVICE_PATH = '/org/freedesktop/secrets'
const SERVICE = 'org.freedesktop.Secret.Service'
/*
 * gnome-keyring's own interface for unlocking with a password given by the caller instead
 * of through a prompt (its name says it is unsupported; Seahorse and gnome-keyring's own
 * tests use it). Service.Unlock would only answer with a prompt, and no prompter can be
 * shown in a headless test session.
 */
const INTERNAL = 'org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface'

async function call(
  bus: dbus.MessageBus,
  iface: string,
  member: string,
  signature = '',
  body: unknown[] = [],
): Promise<unknown[]> {
  const reply = await bus.call(
    new dbus.Message({
      destination: SECRETS,
      path: SERVICE_PATH,
      interface: iface,
      member,
      signature,
      body,
    }),
  )
  return (reply?.body ?? []) as unknown[]
}

async function withSessionBus<T>(use: (bus: dbus.MessageBus) => Promise<T>): Promise<T> {
  const bus = dbus.sessionBus()
  try {
    return await use(bus)
  } finally {
    bus.disconnect()
  }
}

/** The object path of the default collection ("login" in gnome-keyring). */
async function defaultCollection(bus: dbus.MessageBus): Promise<string> {
  const [path] = await call(bus, SERVICE, 'ReadAlias', 's', ['default'])
  if (typeof path !== 'string' || path === '/')
    throw new Error('The keyring has no default collection')
  return path
}

/** Locks the default collection, as the desktop does on screen lock or by the user's hand. */
export function lockDefaultKeyring(): Promise<void> {
  return withSessionBus(async (bus) => {
    const collection = await defaultCollection(bus)
    const [locked] = await call(bus, SERVICE, 'Lock', 'ao', [[collection]])
    if (!Array.isArray(locked) || !locked.includes(collection))
      throw new Error(`The keyring did not lock ${collection}`)
  })
}

/** Unlocks the default collection with its password, as the user does in the unlock dialog. */
export function unlockDefaultKeyring(password = TEST_KEYRING_PASSWORD): Promise<void> {
  return withSessionBus(async (bus) => {
    const collection = await defaultCollection(bus)
    // A "plain" session: the password travels in clear over this private test bus only.
    const [, session] = await call(bus, SERVICE, 'OpenSession', 'sv', [
      'plain',
      new dbus.Variant('s', ''),
    ])
    if (typeof session !== 'string') throw new Error('The keyring opened no session')
    const secret = [session, Buffer.alloc(0), Buffer.from(password, 'utf8'), 'text/plain']
    await call(bus, INTERNAL, 'UnlockWithMasterPassword', 'o(oayays)', [collection, secret])
  })
}

/** Whether the default collection is locked right now. */
export function isDefaultKeyringLocked(): Promise<boolean> {
  return withSessionBus(async (bus) => {
    const collection = await defaultCollection(bus)
    const reply = await bus.call(
      new dbus.Message({
        destination: SECRETS,
        path: collection,
        interface: 'org.freedesktop.DBus.Properties',
        member: 'Get',
        signature: 'ss',
        body: ['org.freedesktop.Secret.Collection', 'Locked'],
      }),
    )
    const value = reply?.body[0] as { value?: unknown } | undefined
    return value?.value === true
  })
}
