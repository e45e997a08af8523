import type { ChannelHandlers } from '../../shared/channels'
import type { MagChannelName } from '../../shared/mag-channel-names'
import type { MagService } from './mag-service'

export type MagHandlers = Pick<ChannelHandlers, MagChannelName>

/**
 * The MAG channels over MagService: wiring only, every decision is the service's. The
 * dispatcher has validated the arguments against the channel map and checks each result
 * against it, so nothing the service returns can carry a field the window must not see.
 */
export function createMagHandlers(mag: MagService): MagHandlers {
  return {
    magGetState: () => mag.getState(),
    magRefresh: () => mag.refresh(),
    magSetServiceUrl: ({ url }) => mag.setServiceUrl(url),
    magSignIn: (credentials) => mag.signIn(credentials),
    magSignOut: () => mag.signOut(),
    magElevate: ({ code }) => mag.elevate({ code }),
    magLaunchApp: ({ slug, code }) => mag.launchApp({ slug, code }),
    magGetCatalogue: () => mag.getCatalogue(),
    magGetCart: () => mag.getCart(),
    magAddToCart: (item) => mag.addToCart(item),
    magRemoveCartItem: ({ itemId }) => mag.removeCartItem({ itemId }),
    magCheckout: ({ payment }) => mag.checkout({ payment }),
    magListOrders: () => mag.listOrders(),
    magListLicenseKeys: () => mag.listLicenseKeys(),
    magActivate: (input) => mag.activate(input),
    magResync: (input) => mag.resync(input),
    magTakeRequestedScreen: () => mag.takeRequestedScreen(),
  }
}
