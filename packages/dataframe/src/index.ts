export const x: number = 0;
