// The Element Plus components the console uses, each with its own styles, rather than the whole
// library: the first load on an intranet is the bundle's size (about a third of the full import).
// A component used in a template must be listed here (vue-tsc does not notice a missing one:
// the page would show an unknown element).
import type { App } from 'vue';
// Each from its own module rather than the 'element-plus' index: in a chunk of its own (see
// vite.config.ts) the index kept every component of the library (951 kB against 319 kB).
import { ElAlert } from 'element-plus/es/components/alert/index.mjs';
import { ElButton } from 'element-plus/es/components/button/index.mjs';
import { ElCard } from 'element-plus/es/components/card/index.mjs';
import { ElCheckbox, ElCheckboxGroup } from 'element-plus/es/components/checkbox/index.mjs';
import { ElConfigProvider } from 'element-plus/es/components/config-provider/index.mjs';
import { ElContainer, ElHeader, ElMain } from 'element-plus/es/components/container/index.mjs';
import { ElForm, ElFormItem } from 'element-plus/es/components/form/index.mjs';
import { ElInput } from 'element-plus/es/components/input/index.mjs';
import { ElInputNumber } from 'element-plus/es/components/input-number/index.mjs';
import { ElLink } from 'element-plus/es/components/link/index.mjs';
import { ElLoading } from 'element-plus/es/components/loading/index.mjs';
import { ElOption, ElSelect } from 'element-plus/es/components/select/index.mjs';
import { ElTable, ElTableColumn } from 'element-plus/es/components/table/index.mjs';
import { ElTag } from 'element-plus/es/components/tag/index.mjs';
import { ElTooltip } from 'element-plus/es/components/tooltip/index.mjs';
import 'element-plus/es/components/alert/style/css';
import 'element-plus/es/components/button/style/css';
import 'element-plus/es/components/card/style/css';
import 'element-plus/es/components/checkbox/style/css';
import 'element-plus/es/components/checkbox-group/style/css';
import 'element-plus/es/components/config-provider/style/css';
import 'element-plus/es/components/container/style/css';
import 'element-plus/es/components/form/style/css';
import 'element-plus/es/components/form-item/style/css';
import 'element-plus/es/components/header/style/css';
import 'element-plus/es/components/input/style/css';
import 'element-plus/es/components/input-number/style/css';
import 'element-plus/es/components/link/style/css';
import 'element-plus/es/components/loading/style/css';
import 'element-plus/es/components/main/style/css';
import 'element-plus/es/components/option/style/css';
import 'element-plus/es/components/select/style/css';
import 'element-plus/es/components/table/style/css';
import 'element-plus/es/components/table-column/style/css';
import 'element-plus/es/components/tag/style/css';
import 'element-plus/es/components/tooltip/style/css';

export function useElementPlus(app: App): void {
  for (const component of [ElAlert, ElButton, ElCard, ElCheckbox, ElCheckboxGroup, ElConfigProvider,
    ElContainer, ElForm, ElFormItem, ElHeader, ElInput, ElInputNumber, ElLink, ElMain, ElOption,
    ElSelect, ElTable, ElTableColumn, ElTag, ElTooltip]) {
    app.use(component);
  }
  app.use(ElLoading);
}
