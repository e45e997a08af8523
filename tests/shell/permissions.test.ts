import { describe, expect, it } from 'vitest'
import { denyPermissionCheck, denyPermissionRequest } from '../../src/main/shell/permissions'

describe('permission handlers', () => {
  it('deny every request and every check', () => {
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
    ]) {
      const answers: boolean[] = []
      denyPermissionRequest({}, permission, (granted) => answers.push(granted))
      expect(answers).toEqual([false])
    }
    expect(denyPermissionCheck()).toBe(false)
  })
})
