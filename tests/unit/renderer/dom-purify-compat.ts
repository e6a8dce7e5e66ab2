/**
 * DOMPurify reads each node's name through `Node.prototype`'s `nodeName` getter. happy-dom leaves
 * that one generic and defines the real getters on the subclasses (Element, Text, Comment...), so
 * every node would look nameless to the sanitiser and be dropped. Make the base getter defer to the
 * most specific one, as browsers behave. Import before the sanitiser runs.
 */
const original = Object.getOwnPropertyDescriptor(Node.prototype, 'nodeName')!

Object.defineProperty(Node.prototype, 'nodeName', {
  configurable: true,
  get(this: Node) {
    for (let prototype = Object.getPrototypeOf(this); prototype && prototype !== Node.prototype; prototype = Object.getPrototypeOf(prototype)) {
      const getter = Object.getOwnPropertyDescriptor(prototype, 'nodeName')?.get
      if (getter) return getter.call(this)
    }
    return original.get!.call(this)
  },
})
