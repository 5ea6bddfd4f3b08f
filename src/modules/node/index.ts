export { NodeResolver } from './node.resolver';
export { registerNodeType, registerTextNodeType } from './node-types';
