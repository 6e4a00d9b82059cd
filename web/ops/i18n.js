/* global localStorage, navigator */
// The console's texts in both languages. t(key, ...args) answers the key
// itself when a text is missing, so a new field shows its name, not nothing.

const TEXT = {
  'zh-CN': {
    title: '95598 运营控制台', signOut: '退出', signIn: '登录', signInWithPool: '用统一身份登录', signInFailed: '登录失败：',
    localSignInNote: '本地演示登录：选择角色（部门角色再选部门）。', role: '角色', department: '部门',
    'role.department': '部门', 'role.discipline_office': '纪检监察室', 'role.shift_lead': '值班长', 'role.supervisor': '主管', 'role.quality_inspector': '质检员', 'role.agent': '座席',
    'view.inbox': '工单箱', 'view.board': '值班看板', 'view.indicators': '指标', 'view.reports': '举报件', 'view.tickets': '工单',
    unreachable: (since, seconds) => `自 ${since} 起无法连接服务，页面显示的是最后取到的数据，每 ${seconds} 秒重试。`,
    updatedAt: (time) => `更新于 ${time}`, waitingForApi: '正在等待服务……', notAvailable: '此功能的服务尚未上线（接口返回 404）。',
    forbidden: '无权查看或办理：', notFound: '找不到：', refused: '未受理：',
    'milestone.crewOnSite': '到达现场', 'milestone.causeReport': '上报原因', 'milestone.departmentAnswer': '部门答复', 'milestone.investigationResult': '调查结果', 'milestone.supplyPlan': '供电方案', 'milestone.connectionLive': '装表接电', 'milestone.due': '期限',
    dueIn: (what, left) => `${what} 剩余 ${left}`, lateBy: (what, late) => `${what} 已超时 ${late}`, noClock: '无计时（已办结）',
    inboxOf: (name) => `${name} 的工单`, inboxEmpty: '暂无工单。',
    'type.fault_report': '故障报修', 'type.information_query': '信息查询', 'type.consultation': '咨询', 'type.complaint': '投诉', 'type.whistleblowing_report': '举报', 'type.service_application': '业务申请', 'type.suggestion_praise': '建议表扬',
    'state.open': '待处理', 'state.dispatched': '已派工', 'state.on_site': '已到场', 'state.cause_reported': '已报原因', 'state.restored': '已恢复送电', 'state.answered': '已答复', 'state.result_reported': '已报结果', 'state.sent_back': '已退单',
    'ticketStatus.new': '新建', 'ticketStatus.dispatched': '已派工', 'ticketStatus.in_progress': '处理中', 'ticketStatus.waiting_on_customer': '等待客户', 'ticketStatus.resolved': '已解决', 'ticketStatus.callback_done': '已回访', 'ticketStatus.closed': '已关闭',
    backToInbox: '← 返回工单箱', reported: '客户反映', area: '区域', opened: '受理时间', reporter: '报告人', clocks: '时限', reroutedTo: '已转派至', recorded: '已登记',
    'action.dispatch': '派工', 'action.arrive': '到达现场', 'action.cause': '上报原因及预计修复时间', 'action.restore': '恢复送电', 'action.answer': '答复', 'action.extend': '申请延期', 'action.result': '调查结果', 'action.send_back': '退单', 'action.reroute': '转派',
    'field.crewLeader': '抢修负责人', 'field.phone': '联系电话', 'field.departedAt': '出发时间', 'field.arrivedAt': '到达时间', 'field.cause': '故障原因', 'field.expectedFixAt': '预计修复时间', 'field.result': '处理结果', 'field.restoredAt': '恢复时间', 'field.answer': '答复内容', 'field.reason': '理由', 'field.finished': '调查已完结', 'field.withheld': '（保密）',
    noStepNow: (state) => `当前状态（${state}）下无需办理。`, otherSteps: '其他步骤', alreadyRecorded: '此前已登记，未重复办理。', recordedNow: '已登记。', notSentUnreachable: '无法连接服务，未提交，请稍后再试。',
    wrongState: (state) => `当前状态为 ${state}。`, required: '必填', notInFuture: '不能晚于现在', mustBeFuture: '须晚于现在', sentBackBecause: (reason) => `退单理由：${reason}`,
    channel: '渠道', timeline: '处理记录', none: '无。',
    chases: '催办', emergencies: '紧急工单', handover: '交接班', noChases: '暂无催办。', 'chaseKind.warning': '即将超时', 'chaseKind.late': '已超时', chasedAt: (at, n) => `第 ${n} 次催办，${at}`, callbacks: '回访计划', window: (from, to) => `回访时段 ${from}–${to}`, attempts: (n) => `已尝试 ${n} 次`,
    'callbackState.planned': '待回访', 'callbackState.task_created': '已派座席', 'callbackState.reached_satisfied': '满意', 'callbackState.reached_unsatisfied': '不满意', 'callbackState.unreachable': '无法联系', 'followUp.reopened': '已重开工单', 'callbackReason.fault_repair': '抢修后回访', 'callbackReason.outage_restored': '停电恢复回访', 'callbackReason.complaint_result': '投诉结果回访', 'callbackReason.report_result': '举报结果回访', 'callbackReason.service_completed': '业务办结回访', 'followUp.complaint': '已转投诉',
    acceptHandover: '接班确认', handoverAccepted: '已接班', generatedAt: (at) => `生成于 ${at}`, acceptedBy: (who, at) => `${who} 于 ${at} 接班`, etr: '预计恢复', reports: (n) => `报修 ${n}`,
    'handoverPart.tickets': '未结工单', 'handoverPart.open': '未结', 'handoverPart.byType': '按类型和状态', 'handoverPart.chases': '催办', 'handoverPart.toChase': '待催办', 'handoverPart.overdue': '已超时', 'handoverPart.steps': '步骤',
    'handoverPart.emergencies': '紧急情况', 'handoverPart.count': '数量', 'handoverPart.outages': '停电', 'handoverPart.plannedNext7Days': '未来7天计划停电', 'handoverPart.unplanned': '故障停电', 'handoverPart.ongoing': '正在停电',
    'handoverPart.callbacks': '回访', 'handoverPart.dueThisShift': '本班应回访', 'handoverPart.byReason': '按原因', 'handoverPart.due': '待回访', 'handoverPart.system': '系统状态', 'handoverPart.deadLetterQueues': '死信队列', 'handoverPart.alarmsFiring': '告警', 'handoverPart.dispatchBacklog': '待发送通知', 'handoverPart.source': '来源',
    targetDashed: '虚线为目标', from: '从', to: '至', show: '查看', indicator: '指标', value: '数值', target: '目标', met: '达标',
    'indicator.answer rate': '接通率', 'indicator.service level (12 s)': '服务水平（12秒）', 'indicator.average speed of answer': '平均应答速度', 'indicator.average talk time': '平均通话时长', 'indicator.average after-call work': '平均话后处理', 'indicator.transfer rate': '转接率', 'indicator.IVR deflected': '自助分流', 'indicator.repeat contacts within 7 days': '7日内重复来电', 'indicator.offered': '呼入量', 'indicator.answered': '接通量', 'indicator.abandoned': '放弃量',
    outages: '停电', 'outageStatus.active': '已确认停电', 'outageStatus.suspected': '疑似停电', 'outageKind.planned': '计划停电', 'outageKind.unplanned': '故障停电',
    suspectedBecause: (n, minutes, mode) => `${minutes} 分钟内 ${n} 户报修即判定（${mode}）`, 'suspicionMode.normal': '常规', 'suspicionMode.storm': '风暴模式', repairOrder: (id) => `抢修工单 ${id}`,
    'view.review': '质检抽样', reviewOf: (day) => `${day} 质检抽样`, drawSample: '抽取当日样本', sampleEmpty: (day) => `${day} 尚未抽样。`, sampleProgress: (done, total) => `已检 ${done} / ${total}`,
    'sampleKind.query': '查询类', 'sampleKind.non_query': '非查询类', notReviewed: '待检', typeRight: '类型正确', typeWrong: '类型错误', keyFieldsRight: '关键字段正确', keyFieldsWrong: '关键字段错误',
    review: '检查', reviewing: (id) => `检查工单 ${id}`, recordedType: '登记类型', keyFields: '关键字段', isTypeRight: '工单类型是否正确？', areKeyFieldsRight: '关键字段（来电号码、时间、类别、姓名、内容）是否正确？',
    recordReview: '记录质检结果', answerBoth: '请回答每个问题。', reviewedCorrect: (n, c) => `已检 ${n}，正确 ${c}`,
    'indicator.ticket_correctness_non_query': '工单正确率（非查询类）', 'indicator.key_fields_correct_query': '关键字段正确率（查询类）', 'indicator.outage_information_correct': '停电信息正确率', 'indicator.callback_satisfaction': '回访满意率',
    'field.account': '户号', 'field.address': '地址', 'signInReason.expired': '登录已过期且无法自动续期，请重新登录。',
  },
  en: {
    title: '95598 Ops console', signOut: 'Sign out', signIn: 'Sign in', signInWithPool: 'Sign in with the user pool', signInFailed: 'Sign-in failed:',
    localSignInNote: 'Local demo sign-in: pick a role (and, for a department, which one).', role: 'Role', department: 'Department',
    'role.department': 'Department', 'role.discipline_office': 'Discipline inspection office', 'role.shift_lead': 'Shift lead', 'role.supervisor': 'Supervisor', 'role.quality_inspector': 'Quality inspector', 'role.agent': 'Agent',
    'view.inbox': 'Inbox', 'view.board': 'Board', 'view.indicators': 'Indicators', 'view.reports': 'Reports', 'view.tickets': 'Tickets',
    unreachable: (since, seconds) => `The service cannot be reached since ${since}; this is what was last loaded. Retrying every ${seconds} s.`,
    updatedAt: (time) => `Updated ${time}`, waitingForApi: 'Waiting for the service…', notAvailable: 'Not available yet: the service for this has not been built (the API answers 404).',
    forbidden: 'Not allowed:', notFound: 'Not found:', refused: 'Refused:',
    'milestone.crewOnSite': 'Crew on site', 'milestone.causeReport': 'Cause report', 'milestone.departmentAnswer': 'Answer', 'milestone.investigationResult': 'Investigation result', 'milestone.supplyPlan': 'Supply plan', 'milestone.connectionLive': 'Connection live', 'milestone.due': 'Due',
    dueIn: (what, left) => `${what} in ${left}`, lateBy: (what, late) => `${what} late by ${late}`, noClock: 'No clock running (done)',
    inboxOf: (name) => `Inbox of ${name}`, inboxEmpty: 'No work orders.',
    'type.fault_report': 'Fault', 'type.information_query': 'Query', 'type.consultation': 'Consultation', 'type.complaint': 'Complaint', 'type.whistleblowing_report': 'Whistleblowing', 'type.service_application': 'Service application', 'type.suggestion_praise': 'Suggestion or praise',
    'state.open': 'Open', 'state.dispatched': 'Dispatched', 'state.on_site': 'On site', 'state.cause_reported': 'Cause reported', 'state.restored': 'Restored', 'state.answered': 'Answered', 'state.result_reported': 'Result reported', 'state.sent_back': 'Sent back',
    'ticketStatus.new': 'New', 'ticketStatus.dispatched': 'Dispatched', 'ticketStatus.in_progress': 'In progress', 'ticketStatus.waiting_on_customer': 'Waiting on customer', 'ticketStatus.resolved': 'Resolved', 'ticketStatus.callback_done': 'Called back', 'ticketStatus.closed': 'Closed',
    backToInbox: '← Back to the inbox', reported: 'Customer reported', area: 'Area', opened: 'Opened', reporter: 'Reporter', clocks: 'Clocks', reroutedTo: 'Rerouted to', recorded: 'Recorded',
    'action.dispatch': 'Dispatch', 'action.arrive': 'Arrived on site', 'action.cause': 'Cause and expected fix', 'action.restore': 'Restored', 'action.answer': 'Answer', 'action.extend': 'Extend once', 'action.result': 'Investigation result', 'action.send_back': 'Send back', 'action.reroute': 'Reroute',
    'field.crewLeader': 'Crew leader', 'field.phone': 'Phone', 'field.departedAt': 'Departed at', 'field.arrivedAt': 'Arrived at', 'field.cause': 'Cause', 'field.expectedFixAt': 'Expected fix at', 'field.result': 'Result', 'field.restoredAt': 'Restored at', 'field.answer': 'Answer', 'field.reason': 'Reason', 'field.finished': 'Investigation finished', 'field.withheld': '(withheld)',
    noStepNow: (state) => `Nothing to record in this state (${state}).`, otherSteps: 'Other steps', alreadyRecorded: 'Already recorded; nothing changed.', recordedNow: 'Recorded.', notSentUnreachable: 'The service cannot be reached; not sent. Try again shortly.',
    wrongState: (state) => `The order is ${state}.`, required: 'required', notInFuture: 'cannot be in the future', mustBeFuture: 'must be in the future', sentBackBecause: (reason) => `Sent back: ${reason}`,
    channel: 'Channel', timeline: 'Timeline', none: 'None.',
    chases: 'Chases', emergencies: 'Emergencies', handover: 'Handover', noChases: 'No chases.', 'chaseKind.warning': 'Due soon', 'chaseKind.late': 'Overdue', chasedAt: (at, n) => `chase ${n}, ${at}`, callbacks: 'Callback plan', window: (from, to) => `window ${from}–${to}`, attempts: (n) => `${n} tries`,
    'callbackState.planned': 'Planned', 'callbackState.task_created': 'With an agent', 'callbackState.reached_satisfied': 'Satisfied', 'callbackState.reached_unsatisfied': 'Not satisfied', 'callbackState.unreachable': 'Unreachable', 'followUp.reopened': 'ticket reopened', 'callbackReason.fault_repair': 'after a repair', 'callbackReason.outage_restored': 'after an outage', 'callbackReason.complaint_result': 'complaint result', 'callbackReason.report_result': 'report result', 'callbackReason.service_completed': 'service completed', 'followUp.complaint': 'complaint opened',
    acceptHandover: 'Accept the handover', handoverAccepted: 'Handover accepted', generatedAt: (at) => `As of ${at}`, acceptedBy: (who, at) => `Accepted by ${who} at ${at}`, etr: 'ETR', reports: (n) => `reports ${n}`,
    'handoverPart.tickets': 'Open tickets', 'handoverPart.open': 'Open', 'handoverPart.byType': 'By type and status', 'handoverPart.chases': 'Chases', 'handoverPart.toChase': 'To chase', 'handoverPart.overdue': 'Overdue', 'handoverPart.steps': 'Steps',
    'handoverPart.emergencies': 'Emergencies', 'handoverPart.count': 'Count', 'handoverPart.outages': 'Outages', 'handoverPart.plannedNext7Days': 'Planned, next 7 days', 'handoverPart.unplanned': 'Unplanned', 'handoverPart.ongoing': 'Ongoing',
    'handoverPart.callbacks': 'Callbacks', 'handoverPart.dueThisShift': 'Due this shift', 'handoverPart.byReason': 'By reason', 'handoverPart.due': 'Due', 'handoverPart.system': 'System', 'handoverPart.deadLetterQueues': 'Dead-letter queues', 'handoverPart.alarmsFiring': 'Alarms firing', 'handoverPart.dispatchBacklog': 'Notices waiting', 'handoverPart.source': 'Source',
    targetDashed: 'target dashed', from: 'From', to: 'To', show: 'Show', indicator: 'Indicator', value: 'Value', target: 'Target', met: 'Met',
    outages: 'Outages', 'outageStatus.active': 'Declared', 'outageStatus.suspected': 'Suspected', 'outageKind.planned': 'Planned', 'outageKind.unplanned': 'Unplanned',
    suspectedBecause: (n, minutes, mode) => `${n} customers within ${minutes} min (${mode})`, 'suspicionMode.normal': 'normal', 'suspicionMode.storm': 'storm mode', repairOrder: (id) => `Repair order ${id}`,
    'view.review': 'Review sample', reviewOf: (day) => `Review sample of ${day}`, drawSample: 'Draw the day\'s sample', sampleEmpty: (day) => `No sample drawn for ${day} yet.`, sampleProgress: (done, total) => `Reviewed ${done} of ${total}`,
    'sampleKind.query': 'Query', 'sampleKind.non_query': 'Non-query', notReviewed: 'To review', typeRight: 'Type right', typeWrong: 'Type wrong', keyFieldsRight: 'Key fields right', keyFieldsWrong: 'Key fields wrong',
    review: 'Review', reviewing: (id) => `Reviewing ${id}`, recordedType: 'Recorded type', keyFields: 'Key fields', isTypeRight: 'Is the ticket\'s type right?', areKeyFieldsRight: 'Are the key fields (caller number, time, category, name, content) right?',
    recordReview: 'Record the review', answerBoth: 'Answer each question.', reviewedCorrect: (n, c) => `${n} reviewed, ${c} right`,
    'indicator.ticket_correctness_non_query': 'Ticket correctness (non-query)', 'indicator.key_fields_correct_query': 'Key-field correctness (query)', 'indicator.outage_information_correct': 'Outage information correct', 'indicator.callback_satisfaction': 'Callback satisfaction',
    'field.account': 'Account', 'field.address': 'Address', 'signInReason.expired': 'Your session expired and could not be renewed: sign in again.',
  },
};

const STORED = 'opsLanguage';

export function language() {
  const stored = localStorage.getItem(STORED);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language?.startsWith('zh') ? 'zh-CN' : 'en';
}

export function setLanguage(lang) {
  localStorage.setItem(STORED, lang === 'en' ? 'en' : 'zh-CN');
}

/**
 * A text in the current language, formatted with `args` when it is a function.
 * @example t('dueIn', 'Crew on site', '0:44:10')
 */
export function t(key, ...args) {
  const text = TEXT[language()][key];
  if (text === undefined) return key;
  return typeof text === 'function' ? text(...args) : text;
}
