/**
 * happy-dom lays nothing out, so virtual lists (Naive UI's NDataTable with `virtual-scroll`) see a
 * zero-height viewport and render no rows. Import this before anything that loads Naive UI: every
 * observed element then reports a 1400×600 box.
 */
class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}

  observe(target: Element) {
    queueMicrotask(() => {
      const contentRect = { x: 0, y: 0, top: 0, left: 0, right: 1400, bottom: 600, width: 1400, height: 600 } as DOMRectReadOnly
      this.callback([{ target, contentRect } as ResizeObserverEntry], this as unknown as ResizeObserver)
    })
  }

  unobserve() {}
  disconnect() {}
}

window.ResizeObserver = FixedSizeResizeObserver as unknown as typeof ResizeObserver
globalThis.ResizeObserver = window.ResizeObserver
