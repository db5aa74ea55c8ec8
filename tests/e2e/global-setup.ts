import { setup } from "./harness";
export default setup;
