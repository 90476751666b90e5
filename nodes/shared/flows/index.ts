export * from './answerOnce';
export * from './crypto';
export * from './endpoint';
export * from './keys';
export * from './reply';
