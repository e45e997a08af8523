import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApiClient } from '../../shared/api-client'
import { App } from './App'
import { I18nRoot } from './i18n/I18nRoot'
import { startLanguage } from './i18n/start-language'
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
// The catalogue's parts the first screen (Codes, or the lock screen, or a problem screen)
// speaks, loaded alongside the start-up calls; other features load theirs when opened.
const language = startLanguage(api, ['common', 'app', 'codes', 'lock', 'errors'])

void language.then(() =>
  createRoot(root).render(
    <StrictMode>
      <I18nRoot>
        <ApiProvider api={api}>
          <App startup={startup} />
        </ApiProvider>
      </I18nRoot>
    </StrictMode>,
  ),
)
