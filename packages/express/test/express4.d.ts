// express 4 is installed under an alias to check the adapter against it; its API is typed like 5's for what we use.
declare module 'express4' {
  import express from 'express';
  export default express;
}
