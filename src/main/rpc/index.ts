export { createRouter, type Dispatch, type RouterOptions } from './router'
