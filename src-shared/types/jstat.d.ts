// jstat ships no types; only the distribution functions the lab uses are declared.
declare module 'jstat' {
  const jstat: {
    jStat: {
      studentt: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number };
      normal: { cdf(x: number, mean: number, sd: number): number };
    };
  };
  export default jstat;
}
