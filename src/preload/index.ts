import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from '../shared/bridge'
import { ipcChannel } from '../shared/channel-names'

// One object, generated from the channel map; ipcRenderer itself never reaches the page.
contextBridge.exposeInMainWorld(
  'magAuth',
  createBridge((channel, args) => ipcRenderer.invoke(ipcChannel(channel), args)),
)
