/** Whether a 2D canvas can be drawn on: tests and some remote sessions have none, and charts fall back to their table. */
export function canvasAvailable() {
  try {
    return document.createElement('canvas').getContext('2d') !== null
  } catch {
    return false
  }
}
