/**
 * The app needs no browser permission (camera, notifications from the page, geolocation,
 * clipboard-read, ...): the main process does such work itself. So every request and every
 * check is refused.
 */
export function denyPermissionRequest(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false)
}

export function denyPermissionCheck(): boolean {
  return false
}
