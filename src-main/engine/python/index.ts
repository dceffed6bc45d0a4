// The Python engine as the orchestrator, the service and the machine info use it.
export { runPythonTrial } from './python-runner.ts';
export { detectPython, findInterpreters } from './detect.ts';
export { calibratePython } from './calibrate-python.ts';
