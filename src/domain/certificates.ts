/** 高新技术企业证书: the rule on its dates, shared by the API and spreadsheet imports. */

/** The certificate's dates out of order, in words; null when they are fine. Imports report it per row. */
export const certDatesProblem = (from: string | null | undefined, to: string | null | undefined) =>
  from && to && from > to ? '证书有效期至不得早于发证日期' : null;
