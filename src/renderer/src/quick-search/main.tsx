import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApiClient } from '../../../shared/api-client'
import { ApiProvider } from '../api-context'
import { I18nRoot } from '../i18n/I18nRoot'
import { startLanguage } from '../i18n/start-language'
import { QuickSearch } from './QuickSearch'
import '../styles/base.css'
import './quick-search.css'

// The quick-search window's own small entry: no Codes screen, no MAG screens, no dialogs.
const root = document.getElementById('root')
if (!root) throw new Error('quick-search.html has no #root element')

const api = createApiClient(window.magAuth)

void startLanguage(api, ['common', 'quickSearch', 'errors']).then(() =>
  createRoot(root).render(
    <StrictMode>
      <I18nRoot>
        <ApiProvider api={api}>
          <QuickSearch />
        </ApiProvider>
      </I18nRoot>
    </StrictMode>,
  ),
)
