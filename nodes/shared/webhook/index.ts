export * from './dedup';
export * from './events';
export * from './receive';
export * from './verify';
export * from './subscription';
