// The elements in templates, typed from the package's Custom Elements Manifest (GlobalComponents).
import type {} from 'erp-widgets/vue';
