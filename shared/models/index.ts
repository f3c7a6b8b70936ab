export * from './engine';
export * from './containers';
export * from './images';
export * from './volumes';
export * from './networks';
export * from './system';
export * from './terminals';
export * from './layers';
