/**
 * A short list of passwords that are guessed first (from the public top-password lists, the
 * ones of 10 characters or more, plus common Chinese pinyin and keyboard patterns). Lowercase.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '0123456789', '12345678910', '1234567891', '0987654321', '9876543210', '1111111111',
  '0000000000', '1122334455', '1234512345', '1234567899', '123456789a', 'a123456789', '12345678900',
  'qwertyuiop', 'qwertyuiop[]', '1qaz2wsx3edc', '1q2w3e4r5t', '1q2w3e4r5t6y', 'zaq12wsxcde3',
  'qazwsxedcrfv', 'asdfghjkl;', 'asdfghjkl1', 'zxcvbnm123', 'qwerty1234', 'qwerty12345', 'qwe123qwe123',
  'abc1234567', 'abcd123456', 'abcdefghij', 'abcdefg123', 'a1b2c3d4e5', 'password12', 'password123',
  'password1234', 'password01', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123', 'iloveyou123', 'iloveyou12',
  'admin12345', 'admin123456', 'administrator', 'root123456', 'welcome123', 'welcome1234', 'letmein123',
  'football123', 'baseball123', 'sunshine123', 'princess123', 'monkey1234', 'dragon1234', 'master1234',
  'superman123', 'trustno1234', 'changeme123', 'test123456', 'testtest123', 'woaini1314', 'woaini5201314',
  '5201314520', '5201314521', '1314520520', 'woaini123456', 'aini1314520', 'wangyang123', 'zhangwei123',
  'liu123456789', 'wang123456', 'zhang123456', 'li12345678', 'huawei123456', 'xiaomi123456', 'qq123456789',
  'qq12345678', 'baidu123456', 'taobao123456', 'weixin123456', 'abc123456789', 'aa12345678', 'aaa1234567',
  'a12345678910', '147258369a', '1472583690', '1597534862', '123qweasdzxc', 'qweasdzxc123', 'qweasdzxc1',
  '123456qwerty', '123456abcd', '123456abc!', 'chanxueyan123', 'kejiju123456', 'cxy1234567',
]);
