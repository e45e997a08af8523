import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApiClient } from '../../shared/bridge'
import { App } from './App'
import { ApiProvider } from './api-context'
import './styles/base.css'
import './styles/codes.css'
import './styles/dialogs.css'
import './styles/problem.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={createApiClient(window.magAuth)}>
      <App />
    </ApiProvider>
  </StrictMode>,
)
