import type { DefineComponent } from 'vue'
import type { SupportBridge } from '../shared/ipc/contract'

declare module '*.vue' {
  const component: DefineComponent
  export default component
}

// End-to-end tests find elements by `data-testid`, also through Naive UI's `input-props` and `row-props`.
declare module '@vue/runtime-dom' {
  interface HTMLAttributes {
    'data-testid'?: string
    /** The field a dialog focuses when it opens (see ActionDialog). */
    'data-autofocus'?: string
  }
}

declare global {
  interface Window {
    /** Exposed by the preload: the renderer's only way to the main process. */
    support: SupportBridge
  }
}
