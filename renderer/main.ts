// First: it configures zod before any schema module builds its schemas.
import './modules/zod-without-eval'
import { createApp } from 'vue'
import App from './App.vue'
import { install as installI18n } from './modules/i18n'
import { install as installPinia } from './modules/pinia'
import { install as installRouter } from './modules/router'

const app = createApp(App)
// Pinia first: the router's guard reads the session store on the first navigation.
installPinia(app)
installI18n(app)
installRouter(app)
app.mount('#app')
