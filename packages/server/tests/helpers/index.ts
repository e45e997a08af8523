export * from './databases'
export * from './server'
export * from './totp'
export * from './fake-now'
