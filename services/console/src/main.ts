import { createApp } from 'vue';
import { createRouter, createWebHashHistory } from 'vue-router';

import App from './App.vue';
import { useElementPlus } from './element';
import './report.css';
import { opening } from './opening';
import { session } from './session';
import ReportList from './views/ReportList.vue';
import SignIn from './views/SignIn.vue';

// The first page (sign-in, then the list) is in the entry chunk; the report page, the audit trail
// and the office views (with ECharts) are loaded when first opened, so the first load fetches
// only what it shows.
const ReportPage = () => import('./views/ReportPage.vue');
const AuditTrail = () => import('./views/AuditTrail.vue');
const OfficeView = () => import('./views/OfficeView.vue');

// Hash history: every page is the one index.html, so the gateway's static root needs no
// fallback for the console's own paths (it serves files only; see README.md).
const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/reports' },
    { path: '/sign-in', component: SignIn },
    { path: '/reports', component: ReportList },
    // GetReport starts here, before the page's chunk is loaded, and runs beside it (opening.ts).
    {
      path: '/agencies/:agency/reports/:year', component: ReportPage,
      beforeEnter: (to) => opening.start(`agencies/${to.params.agency}/reports/${to.params.year}`),
    },
    { path: '/audit/:agency/:year?', component: AuditTrail },
    { path: '/office/:agency?/:year?/:view?', component: OfficeView },
  ],
});
router.beforeEach((to) => (to.path !== '/sign-in' && !session.token ? '/sign-in' : true));
// Once the list is shown, the report page's chunk (and its CSS) is fetched while the user reads
// it: the report opened next waits for its GetReport only. Failing here is harmless (the route
// loads it again).
router.afterEach((to) => {
  if (to.path === '/reports') ReportPage().catch(() => undefined);
});

const app = createApp(App).use(router);
useElementPlus(app);
app.mount('#app');
