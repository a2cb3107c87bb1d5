export { OperatorDashboard } from './operator-dashboard.ts';
