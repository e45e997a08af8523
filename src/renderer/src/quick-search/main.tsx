import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApiClient } from '../../../shared/api-client'
import { ApiProvider } from '../api-context'
import { QuickSearch } from './QuickSearch'
import '../styles/base.css'
import './quick-search.css'

// The quick-search window's own small entry: no Codes screen, no MAG screens, no dialogs.
const root = document.getElementById('root')
if (!root) throw new Error('quick-search.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <ApiProvider api={createApiClient(window.magAuth)}>
      <QuickSearch />
    </ApiProvider>
  </StrictMode>,
)
