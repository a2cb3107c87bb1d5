import './operator-dashboard.ts';
