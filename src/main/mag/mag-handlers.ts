import type { ChannelHandlers } from '../../shared/channels'
import type { MagChannelName } from '../../shared/mag-channel-names'
import { AppError } from '../../shared/errors'

export type MagHandlers = Pick<ChannelHandlers, MagChannelName>

/**
 * PLACEHOLDER while the MAG service is being built (issue 7): every MAG channel answers
 * "not configured". Replaced by handlers over the MAG service.
 */
export function createMagHandlers(): MagHandlers {
  const notConfigured = (): never => {
    throw new AppError('mag-not-configured', 'No MAG service is configured.')
  }
  return {
    magGetState: notConfigured,
    magRefresh: notConfigured,
    magSetServiceUrl: notConfigured,
    magSignIn: notConfigured,
    magSignOut: notConfigured,
    magElevate: notConfigured,
    magLaunchApp: notConfigured,
    magGetCatalogue: notConfigured,
    magGetCart: notConfigured,
    magAddToCart: notConfigured,
    magRemoveCartItem: notConfigured,
    magCheckout: notConfigured,
    magListOrders: notConfigured,
    magListLicenseKeys: notConfigured,
    magActivate: notConfigured,
    magResync: notConfigured,
    magTakeRequestedScreen: () => null,
  }
}
