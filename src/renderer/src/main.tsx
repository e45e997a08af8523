import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApiClient } from '../../shared/api-client'
import { App } from './App'
import { ApiProvider } from './api-context'
import { rowsOnFirstScreen } from './lib/list-layout'
import { startLoading } from './lib/startup'
import './styles/base.css'
import './styles/codes.css'
import './styles/dialogs.css'
import './styles/problem.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

const api = createApiClient(window.magAuth)
const startup = startLoading(api, rowsOnFirstScreen(window.innerHeight))

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={api}>
      <App startup={startup} />
    </ApiProvider>
  </StrictMode>,
)
