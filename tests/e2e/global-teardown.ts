import { teardown } from "./harness";
export default teardown;
