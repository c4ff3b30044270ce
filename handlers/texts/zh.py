"""Chinese texts (the default language)."""

TEXTS: dict[str, str] = {
    "start": (
        "您好，{name}！我是社区接诉即办助手。\n"
        "有什么需要社区帮忙解决的，直接告诉我就行，比如：\n"
        "“3号楼2单元暖气不热”\n\n"
        "发送 /help 查看我能做什么。"
    ),
    "help": (
        "我可以帮您：\n"
        "• 报事：直接说出问题，我会问清楚地点和联系方式，然后交给社区工作者\n"
        "• /status 查看您的诉求进展\n"
        "• /notices 订阅或退订社区通知\n"
        "• /area 设置您的楼栋（本楼通知）\n"
        "• /mydata 查看或删除您的个人信息\n"
        "• /cancel 随时取消当前操作\n\n"
        "紧急情况（燃气泄漏、火灾、有人被困）请立即拨打 119 / 110 / 120。"
    ),
    "error_generic": "抱歉，您刚才的这条消息暂时没能处理。消息已保存，工作人员会查看，不用重发。",
    "inbox_delayed": "系统暂时有点忙。您刚才的消息已经保存，恢复后会自动处理，不用重发。",
    "staff_error_generic": (
        "⚠️ 这条操作没能执行，已记录（frontdoor inbox list --parked）。请稍后再试。"
    ),
    "staff_inbox_delayed": "⏳ 系统暂时忙，这条操作已保存，恢复后自动执行，不用重复操作。",
    "staff_error_notice": "⚠️ 机器人处理一条消息时出错（{error}），详见日志。",
    "staff_error_notice_more": (
        "⚠️ 机器人处理消息时出错（{error}）；上次通知后又出现 {count} 次，详见日志。"
        "没能处理的消息：frontdoor inbox list --parked"
    ),
    "cmd_start": "开始",
    "cmd_help": "帮助",
    "cmd_mydata": "我的个人信息",
    "cmd_report": "报事",
    "cmd_status": "我的诉求",
    "cmd_cancel": "取消",
    "cmd_notices": "通知设置",
    "notices_title": (
        "📢 社区通知设置\n点一下开启或关闭（✅ 开 / ⬜ 关）。发送 /unsubscribe 全部关闭。"
    ),
    "notices_on": "✅ {name}",
    "notices_off": "⬜ {name}",
    "notices_toggled_on": "已开启：{name}",
    "notices_toggled_off": "已关闭：{name}",
    "notices_stopped": (
        "好的，已关闭全部社区通知，不会再发给您。想恢复，点下面的按钮或发送 /notices。"
    ),
    "notices_stopped_topic": "好的，以后不再发送“{name}”通知。发送 /notices 可重新开启。",
    "notices_onboard": "🔔 您会收到本楼停水、停电、供暖等社区通知，发送 /notices 可随时更改。",
    "btn_notice_settings": "⚙️ 通知设置",
    "area_is": "您的通知区域：{place}。发送 /area 5号楼1单元 可修改，/area 清除 可清除。",
    "area_none": (
        "您还没有设置楼栋。发送 /area 3号楼2单元 设置后，会收到本楼的停水、停电等通知。"
    ),
    "area_set": "好的，您的通知区域已设为 {place}。",
    "area_cleared": "已清除您设置的楼栋；以后按您报事的地址发送本楼通知。",
    "area_bad": "没看懂楼栋，请写成 /area 3号楼2单元 或 /area 5-2 这样。",
    "area_building": "{building}号楼",
    "area_building_unit": "{building}号楼{unit}单元",
    "cmd_area": "我的楼栋",
    "topic_heating": "供暖",
    "topic_water": "供水停水",
    "topic_drainage": "排水防汛",
    "topic_power": "供电停电",
    "topic_lifts": "电梯",
    "topic_fire_safety": "消防安全",
    "topic_snow_ice": "雨雪冰冻",
    "topic_catkins": "杨柳飞絮",
    "topic_festivals": "节日活动",
    "topic_works": "施工维修",
    "btn_report": "📝 报事",
    "ask_what": "请简单说说遇到了什么问题？直接打字就行，也可以发照片。",
    "ask_category": "我理解您说的是：{category}。对吗？",
    "ask_category_other": "请选一个最接近的，或者直接用一句话说说是什么问题：",
    "btn_cat_yes": "✅ 对",
    "btn_cat_other": "其他",
    "ask_where": (
        "问题在哪里？请说楼号、单元、门牌号（如：5号楼2单"
        "元301），或点下方按钮发位置；公共区域直接说地点。"
    ),
    "btn_location": "📍 发送我的位置",
    "ask_phone": "怎么联系您？点下方按钮分享手机号，或直接输入电话。",
    "btn_share_phone": "📱 分享我的手机号",
    "phone_invalid": "这个号码好像不对。请输入11位手机号，或带区号的座机号。",
    "ask_when": "师傅什么时候上门方便？",
    "when_anytime": "随时都行",
    "when_today": "今天",
    "when_tomorrow_am": "明天上午",
    "when_tomorrow_pm": "明天下午",
    "when_evening": "晚上",
    "ask_urgency": "这件事急吗？",
    "urgency_normal": "不急",
    "urgency_urgent": "比较急",
    "urgency_emergency": "紧急",
    "card_level": "{level}{why}｜{respond}内联系您，{resolve}内处理好",
    "card_why": "（{reasons}）",
    "card_no_phone": "不留电话，在这里的聊天里回复我",
    "btn_no_phone": "不留电话，在这里回复我",
    "card_several": (
        "请核对（共{n}件事，会分别登记）：\n"
        "{problems}\n"
        "地点：{place}\n"
        "电话：{phone}\n"
        "上门时间：{when}\n"
        "照片：{photos}张"
    ),
    "card_problem": "{n} {description}\n   类别：{category}\n   紧急程度：{level}",
    "btn_confirm_several": "✅ 确认提交这{n}件",
    "btn_drop_problem": "✖ 去掉{n}",
    "problem_dropped": "好的，已去掉。",
    "several_problems": "您说了{n}件事，我会分别登记，处理起来更快。先确认第一件：",
    "corrected_problem": "好的，已改成：{problem}",
    "noted_change": "好的，已记下：{changes}。",
    "changed_address": "地点 {value}",
    "changed_phone": "电话 {value}",
    "changed_when": "上门时间 {value}",
    "list_sep": "，",
    "review_which": "好的，先不提交。想改哪一项？点下面对应的按钮；不想报了就点「取消」。",
    "review_not_understood": "请点「确认提交」，或回复“确定”；想改哪一项就点对应的按钮。",
    "join_not_understood": "要加入吗？请回复“加入”或“不用”，也可以点下面的按钮。",
    "opened_several": "已登记{n}件：\n{lines}\n发送 /status 可随时查看进展。",
    "opened_line": "• {code}：{respond}内联系您，{resolve}内处理好",
    "emergency_header": "⚠️ 紧急情况，请先保证安全！",
    "emergency_numbers": "• 着火拨打 119，有人受伤拨打 120，治安情况拨打 110",
    "urgent_header": "⚠️ 这件事比较急，请先：",
    "rule_gas": "燃气泄漏",
    "rule_fire": "着火冒烟",
    "rule_trapped": "有人被困",
    "rule_water_on_electrics": "水漏到电器上",
    "rule_flooding": "屋里进水",
    "rule_burst_pipe": "水管爆裂",
    "rule_cold_vulnerable": "老人孩子没暖气",
    "rule_no_water": "停水",
    "rule_no_power": "停电",
    "rule_sewage": "污水倒灌",
    "rule_ceiling_leak": "楼上漏水",
    "rule_lift_vulnerable": "电梯坏了，老人下不了楼",
    "advice_gas": (
        "• 别开关电灯电器、别点火、别打电话，开窗通风，马上离开，"
        "到室外拨打燃气抢修 96777"
    ),
    "advice_fire": "• 马上离开，拨打 119；别坐电梯，用湿毛巾捂住口鼻，弯腰走",
    "advice_trapped": "• 拨打 119 或电梯里的救援电话；被困的人别扒门，按警铃等救援",
    "advice_water_on_electrics": (
        "• 水漏到灯和电器上有触电危险：别碰开关和电器；能安全走到电闸就拉下总闸，"
        "不能就离远一点，地上有水别踩"
    ),
    "advice_flooding": "• 关上总水阀和电闸，把电器和贵重东西挪高，人先离开积水处",
    "advice_burst_pipe": "• 先关总水阀（一般在厨房或卫生间的水表旁边），水流到电器附近就拉下电闸",
    "advice_cold_vulnerable": "• 先给老人孩子加衣被，用电暖器注意离开被褥和窗帘",
    "advice_no_water": "• 先留点饮用水；我们会问清是计划停水还是故障",
    "advice_no_power": "• 先看看家里电闸有没有跳；用蜡烛注意防火，冰箱少开门",
    "advice_sewage": "• 先别用下水，把地漏盖住，远离污水",
    "advice_ceiling_leak": "• 先用盆接水，把电器挪开；漏到灯上就别开灯",
    "advice_lift_vulnerable": "• 老人先别走楼梯，需要帮忙上下楼可以回复告诉我们",
    "staff_no_phone": "未留，请在话题里回复（转给居民）",
    "card": (
        "请核对：\n"
        "问题：{description}\n"
        "类别：{category}{clarify}\n"
        "地点：{place}\n"
        "电话：{phone}\n"
        "上门时间：{when}\n"
        "紧急程度：{level}\n"
        "照片：{photos}张"
    ),
    "card_clarify": "（{answer}）",
    "card_location": "已发送位置",
    "card_none": "—",
    "btn_confirm": "✅ 确认提交",
    "btn_edit_what": "✏️ 问题",
    "btn_edit_category": "✏️ 类别",
    "btn_edit_where": "✏️ 地点",
    "btn_edit_phone": "✏️ 电话",
    "btn_edit_when": "✏️ 时间",
    "btn_edit_urgency": "✏️ 紧急程度",
    "btn_cancel": "❌ 取消",
    "opened": (
        "已登记，编号 {code}。\n社区工作者会在{respond}内联系您"
        "，{resolve}内处理好。\n发送 /status 可随时查看进展。"
    ),
    "dur_minutes": "{n}分钟",
    "dur_hours": "{n}小时",
    "dur_hour": "{n}小时",
    "dur_days": "{n}天",
    "join_offer": (
        "同一栋楼已有邻居反映了同样的问题（编号 {c"
        "ode}），社区正在处理。要加入一起跟进吗？"
    ),
    "btn_join_yes": "👥 加入，一起跟进",
    "btn_join_no": "🆕 单独登记",
    "joined": "好的，您已加入工单 {code}，处理进展会同时通知您。",
    "emergency_advice": (
        "• 闻到燃气味：别开关电器、别点火，开窗，马上离开，拨打燃气抢修 96777\n"
        "• 着火、冒烟：拨打 119\n"
        "• 有人被困电梯：拨打 119 或电梯里的救援电话，不要扒门\n"
        "• 有人受伤：拨打 120；治安情况：拨打 110\n"
        "• 屋里进水：关总水阀和电闸"
    ),
    "emergency_opened": "已同时登记紧急工单 {code}，社区值班人员会在{respond}内联系您。",
    "cancelled": "好的，已取消。需要时随时再说。",
    "nothing_to_cancel": "现在没有进行中的事项。",
    "too_long": "消息太长了，我只保留了前{limit}个字。",
    "not_understood": "没太明白。",
    "mydata_none": "我们没有保存您的任何个人信息。",
    "mydata_empty": "（无）",
    "mydata_view": (
        "我们保存的您的信息：\n"
        "称呼：{name}\n语言：{language}\n电话：{phone}\n地址：{address}\n"
        "接收的通知：{topics}\n诉求（{count} 件）：\n{tickets}\n回访回答：{answers} 条\n\n"
        "可以导出一份副本，或删除您的个人信息。"
    ),
    "mydata_ticket": "• {code} {category}（{state}）{words}",
    "btn_mydata_export": "📄 导出副本",
    "btn_mydata_erase": "🗑 删除我的信息",
    "btn_mydata_erase_yes": "确认删除",
    "btn_mydata_keep": "不删了",
    "mydata_export_caption": "这是我们保存的您的全部信息（JSON 文件）。",
    "mydata_erase_confirm": (
        "删除后：\n"
        "• 您还没办完的诉求会先撤回，工作人员会收到通知；\n"
        "• 您的电话、称呼、地址、诉求内容、补充说明、照片和发过的消息都会删掉；\n"
        "• 已办结的诉求只留下类别、楼号、时间和回访结果，用于统计，不含个人信息；\n"
        "• 删除无法恢复。以后再发消息，就当新用户重新开始。\n\n"
        "确定删除吗？"
    ),
    "mydata_erased": (
        "已删除您的个人信息：{tickets} 件诉求已去除个人内容，其中 {withdrawn} 件未办完的已撤回。"
        "工作人员群里转发过的您的消息，删除了 {removed} 条；{kept} 条删不掉（超过 48 小时的"
        "群消息机器人无法删除），其中的电话号码已打码。工作人员自己写的消息无法删除。"
    ),
    "mydata_kept": "好的，您的信息保持不变。",
    "staff_resident_erased": "ℹ️ 居民已删除个人信息，工单 {code} 已撤回，无需再上门。",
    "stale_button": "这个按钮已失效，请看最新的消息。",
    "already_submitted": "已经提交过了，编号 {code}。",
    "hint_media_in_report": "抱歉，这种消息我看不了（可以发文字或照片）。我们接着说：",
    "edit_not_read": (
        "修改过的消息我不会再读，原来那条已经收到。"
        "如需更正，请直接发一条新消息，比如“不对，是8号楼3单元”。"
    ),
    "unknown_command": "我不认识这个命令。",
    "staff_command_in_private": (
        "这是工作人员在工作群里用的命令，这里用不了。"
        "有问题直接告诉我就行，发送 /help 查看我能做什么。"
    ),
    "excluded_to_resident": (
        "关于您的诉求 {code}：社区已经记录在案。经核实，这件事由其他部门或单位办理，"
        "原因是：{reason}\n社区工作人员会告诉您具体找谁办理；有疑问可以直接在这里回复。"
    ),
    "staff_ticket_withdrawn": "居民已于 {at} 撤回这个工单，不用再处理了。",
    "staff_topic_withdrawn": "↩️ 居民于 {at} 撤回了工单 {code}。",
    "staff_assignee_withdrawn": (
        "↩️ 您认领的工单 {code} 已被居民于 {at} 撤回，不用再上门处理了。"
    ),
    "staff_topic_note": "📝 居民补充说明（{code}）：\n{text}",
    "staff_topic_photo": "📷 居民补充的照片（{code}）",
    "staff_topic_joined": "👥 又一户居民反映了同一问题（{code}）：{place}",
    "survey_typed_reply": (
        "收到您的话，已经转给工作人员。回访的问题请点上面消息里的按钮回答；"
        "如果是新的问题，发送 /report 开始报事。"
    ),
    "handoff_staff_said": "居民的原话：\n{text}",
    "handoff_staff_category": "机器读出的问题类别：{category}",
    "relayed_to_staff": "已转给社区工作人员，他们会在这里回复您。之后的消息也会直接转过去。",
    "staff_card_more": "\n📎 照片 {photos} 张｜居民补充 {notes} 条｜同反映 {followers} 户",
    "staff_topic_intake_photo": "📷 居民报事时发的照片（{code}）",
    "hint_media": "抱歉，我只能看文字、照片、位置和联系人。请用文字说说问题，也可以发照片。",
    "hint_idle": "有需要社区解决的问题，直接说就行，比如“5号楼电梯坏了”。也可以点下方按钮。",
    "hint_status": "发送 /status 查看您的诉求进展。",
    "thanks_reply": "不客气！有需要随时找我。",
    "photo_added": "📷 照片收到了（共{n}张）。",
    "remind": "您有一件事还没提交完：“{description}”。要接着办吗？",
    "btn_resume": "▶️ 接着办",
    "btn_drop": "🗑 不要了",
    "status_none": "您还没有报过事。有问题直接说就行。",
    "status_header": "您的诉求：",
    "status_line": "{code} · {category}\n状态：{state}{next}",
    "state_new": "已受理，等待社区工作者接单",
    "state_claimed": "社区工作者正在处理",
    "state_resolved": "已处理，等待回访",
    "state_closed": "已办结",
    "state_reopened": "重新处理中",
    "state_withdrawn": "已撤回",
    "next_respond": "\n下一步：{due} 前会有人联系您",
    "next_resolve": "\n下一步：预计 {due} 前处理好",
    "btn_note": "📝 补充 {code}",
    "btn_photo": "📷 {code}",
    "btn_withdraw": "↩️ 撤回 {code}",
    "ask_note": "请输入要补充的内容（工单 {code}）：",
    "ask_ticket_photo": "请发送照片（工单 {code}）：",
    "note_added": "已补充到工单 {code}。",
    "ticket_photo_added": "照片已添加到工单 {code}。",
    "photo_which_ticket": "刚登记了 {count} 件事，照片是哪件事的？请点一下对应的工单：",
    "ticket_photos_added": "{n} 张照片已添加到工单 {code}。",
    "withdraw_confirm": "确定要撤回工单 {code} 吗？",
    "btn_withdraw_yes": "确定撤回",
    "btn_withdraw_no": "不撤回",
    "withdrawn": "工单 {code} 已撤回。",
    "withdraw_kept": "好的，工单继续处理。",
    "not_your_ticket": "这个工单不能这样操作。",
    "invalid_transition": "这个工单现在不能撤回。",
    "ticket_gone": "那个工单已经办结了，我们单独为您登记。",
    "clarify_heating": "是整栋楼都不热，还是只有您家？",
    "clarify_heating_whole_building": "整栋楼",
    "clarify_heating_my_flat": "只有我家",
    "clarify_water": "具体是哪种情况？",
    "clarify_water_no_water": "停水了",
    "clarify_water_leak": "漏水",
    "clarify_water_dirty": "水不干净",
    "clarify_power": "是整栋楼停电，还是只有您家？",
    "clarify_power_whole_building": "整栋楼",
    "clarify_power_my_flat": "只有我家",
    "open311_notice": ("已受理。居民可在 Telegram 向本机器人发送 /link {code}，"
                       "跟进办理进度并接收回访。"),
    "link_usage": "请发送 /link 加上受理时给您的 8 位码，例如 /link ABCD2345。",
    "link_unknown": "这个码不对或已经用过了。请核对后再发一次。",
    "link_done": "已关联工单 {code}。办理进度和回访会在这里通知您，发送 /status 可随时查看。",
    # --- staff chat (issue 5) ---
    "staff_dept_suggested": "⭐ {name}（按问题类型建议）",
    "staff_type_of": "{type}（{category}）",
    "staff_card": (
        "{icon} {code}\n类别：{category}\n状态"
        "：{state}｜{urgency}\n地点：{place}\n"
        "电话：{phone}\n上门时间：{window}\n描述：{d"
        "escription}\n响应时限：{respond}\n办结时"
        "限：{resolve}\n负责人：{assignee}｜部门："
        "{department}"
    ),
    "staff_card_note": "\n处理结果：{note}",
    "staff_card_excluded": "\n⚠️ 已剔除，不计入三率。理由：{reason}",
    "staff_state_new": "待认领",
    "staff_state_claimed": "处理中",
    "staff_state_resolved": "已办结待回访",
    "staff_state_closed": "已关闭",
    "staff_state_reopened": "重新打开",
    "staff_state_withdrawn": "居民已撤回",
    "staff_urgency_normal": "普通",
    "staff_urgency_urgent": "较急",
    "staff_urgency_emergency": "紧急",
    "staff_topic_name": "{code} {category}",
    "staff_btn_claim": "🙋 认领",
    "staff_btn_reply": "💬 回复",
    "staff_btn_resolve": "✅ 办结",
    "staff_btn_transfer": "↪️ 转派",
    "staff_btn_exclude": "🚫 剔除",
    "staff_btn_reopen": "🔄 重新打开",
    "staff_btn_end_handoff": "结束人工服务",
    "staff_btn_type": "🏷 改类型",
    "staff_type_choose": "工单 {code} 现在的类型：{current}。选正确的类型：",
    "staff_type_more": "更多类型…",
    "staff_type_prev": "◀ 上一页",
    "staff_type_next": "下一页 ▶",
    "staff_type_short": "常见类型",
    "staff_type_changed": "{name} 把工单 {code} 的类型从「{old}」改为「{new}」。",
    "staff_type_changed_level": "{name} 把工单 {code} 的类型从「{old}」改为「{new}」；"
                                "紧急程度改为{level}，时限已重算。",
    "staff_bad_type": "没有这个类型，请重新打开类型列表。",
    "staff_type_none": "未定",
    "staff_ask_resolve": "{name}，请回复做了什么（处理结果），工单 {code}：",
    "staff_ask_exclude": "{name}，请写明剔除理由（必填），工单 {code}：",
    "staff_ask_reply": "{name}，请写回复内容，将以“社区工作者 {name}”发给居民，工单 {code}：",
    "staff_transfer_choose": "工单 {code} 转派给：",
    "staff_done": "好的",
    "staff_contact": (
        "工单 {code} 的联系方式（请勿外传）：\n"
        "电话：{phone}\n地点：{place}\n上门时间：{window}"
    ),
    "staff_dm_failed": "{name}，请先私聊机器人发送 /start，才能收到居民的完整联系方式。",
    "staff_transferred_to_you": "工单 {code} 已转派给您。",
    "staff_not_staff": "您不是工作人员，不能进行此操作。",
    "staff_not_allowed": "您的角色不能进行此操作。",
    "staff_bad_role": "角色只能是 worker、supervisor 或 admin。",
    "staff_no_ticket": "没有找到这个工单。",
    "staff_reason_required": "剔除必须写明理由，本次未剔除。请重新点“剔除”并写明理由。",
    "staff_note_required": "办结必须写明处理结果，本次未办结。",
    "staff_busy": "工单刚被别人改动，请再试一次。",
    "staff_bad_target": "转派对象不存在。",
    "staff_no_thread": "这条消息不在工单话题里，未转给居民。",
    "staff_no_handoff": "没有进行中的人工服务。",
    "staff_stale": "按钮已失效或工单当前状态不允许此操作。",
    "relay_to_resident": "社区工作者 {name}：{text}\n（工单 {code}，直接回复这条消息即可继续联系）",
    "relay_to_resident_unit": ("{unit} 工作人员 {name}：{text}\n"
                               "（工单 {code}，直接回复这条消息即可继续联系）"),
    "relay_to_resident_plain": "社区工作者 {name}：{text}",
    "relay_to_staff": "💬 居民：{text}",
    "handoff_started": "已为您转接社区工作人员，请直接发消息，工作人员会在这里回复您。",
    "handoff_staff_notice": (
        "🙋 居民请求人工服务（{reason}）。"
        "在此话题回复即可与居民对话，结束时点下面的按钮。"
    ),
    "handoff_topic": "人工服务 #{id}",
    "handoff_reason_ask_human": "要求转人工",
    "handoff_reason_not_understood": "机器人连续两次没听懂",
    "handoff_ended": "人工服务已结束。如需帮助，随时给我发消息。",
    "handoff_ended_staff": "人工服务已结束（{name}）。",
    "staff_remind_soon": "⏰ 工单 {code} 的{what}时限 {due} 快到了。",
    "staff_remind_overdue": "🚨 工单 {code} 已超过{what}时限（{due}）。",
    "staff_what_respond": "响应",
    "staff_what_resolve": "办结",
    "staff_help": (
        "工作群命令：\n/open 未办结工单\n/mine 我的工单\n"
        "/overdue 超时工单\n/ticket 工单号 查看工单"
        "\n/search 工单号|电话后四位|楼号|关键词 查找工单\n/export [月份] 导出工单表格"
        "\n/web 私聊机器人获取网页视图登录链接"
        "\n/digest daily|weekly|monthly [期间] 日报/周报/月报"
        "\n/notice 写一条居民通知（主管批准后发送）\n/drafts 等待批准的通知草稿"
        "\n/end 结束本话题的人工服务\n/staff_list 工"
        "作人员\n/staff_add 用户id 角色 [姓名]（管理"
        "员）\n/staff_remove 用户id（管理员）\n在工单"
        "话题里发的消息会以“社区工作者 姓名”转给居民；以 // 开"
        "头的消息只留在群里。"
    ),
    "staff_list_header": "工作人员：",
    "staff_list_line": "{name}（{role}）id {user_id}",
    "staff_added": "已添加 {name}（{role}）。",
    "staff_removed": "已移除。",
    "staff_not_found": "没有这个工作人员。",
    "staff_add_usage": "用法：/staff_add 用户id worker|supervisor|admin [姓名]",
    "staff_remove_usage": "用法：/staff_remove 用户id",
    "staff_ticket_usage": "用法：/ticket 工单号",
    "staff_none": "没有工单。",
    "staff_line": "{code}｜{state}｜{category}｜{place}｜{assignee}",
    "staff_open_header": "未办结工单：",
    "staff_mine_header": "我的工单：",
    "staff_overdue_header": "超时工单：",
    # /search, /export and `frontdoor report tickets` (issue 25, item 7)
    "search_usage": (
        "用法：/search 查询内容\n例如：/search JS-20261123-0042（工单号）、"
        "/search 5678（电话后四位）、/search 5号楼（楼号）、"
        "/search 暖气 不热（描述里的词）"),
    "search_none": "没有找到与“{query}”相符的工单。",
    "search_header": "与“{query}”相符的工单（{count} 张，按时间从新到旧，最多显示 {limit} 张）：",
    "search_button": "{code}｜{state}｜{place}",
    "export_caption": "{month} 工单列表（{count} 张），可用 Excel 打开。",
    "export_usage": (
        "导出工单：/export 当月；/export 2026-11 指定月份。\n也可在服务器上运行："
        "frontdoor report tickets --from 2026-11-01 --to 2026-11-30 --format csv > 工单.csv"),
    "export_col_code": "工单号",
    "export_col_created": "登记时间",
    "export_col_status": "状态",
    "export_col_urgency": "紧急程度",
    "export_col_category": "类别",
    "export_col_building": "楼号",
    "export_col_place": "地点",
    "export_col_phone": "电话（隐去中间四位）",
    "export_col_description": "描述",
    "export_col_assignee": "负责人",
    "export_col_department": "部门",
    "export_col_respond_due": "响应时限",
    "export_col_resolve_due": "办结时限",
    "export_col_resolved": "办结时间",
    "export_col_excluded": "剔除原因",
    "staff_role_worker": "社区工作者",
    "staff_role_supervisor": "主管",
    "staff_role_admin": "管理员",
    # callback surveys and the three rates (issue 6)
    "survey_notice": (
        "📋 回访：您反映的问题（工单 {code}）工作人员已处理。"
        "\n处理情况：{note}\n\n解决了吗？"
    ),
    "survey_recurrence": "📋 回访：上周处理的工单 {code}，问题有没有再出现？",
    "survey_q_f": "满意吗？",
    "survey_q_c": "还有什么想说的？直接发文字给我；不需要就点“跳过”。",
    "survey_reminder": "⏰ 提醒：工单 {code} 的回访您还没有回答，点下面的按钮就行。",
    "survey_btn_s_y": "✅ 解决了",
    "survey_btn_s_p": "🟡 部分解决",
    "survey_btn_s_n": "❌ 没解决",
    "survey_btn_r_n": "✅ 没有再出现",
    "survey_btn_r_y": "❌ 又出现了",
    "survey_btn_f_s": "😊 满意",
    "survey_btn_f_b": "🙂 基本满意",
    "survey_btn_f_d": "😞 不满意",
    "survey_btn_c_skip": "跳过",
    "survey_answer_s_yes": "解决了",
    "survey_answer_s_partly": "部分解决",
    "survey_answer_s_no": "没解决",
    "survey_answer_r_no": "没有再出现",
    "survey_answer_r_yes": "又出现了",
    "survey_answer_f_satisfied": "满意",
    "survey_answer_f_basic": "基本满意",
    "survey_answer_f_dissatisfied": "不满意",
    "survey_answer_c_skip": "跳过",
    "survey_you_said": "您的回答：{answer}",
    "survey_reopened": "我们已重新打开工单 {code}，工作人员会继续处理。",
    "survey_thanks": "谢谢您的回访！",
    "survey_comment_thanks": "收到，谢谢！您的话已转给工作人员。",
    "survey_refused": "这不是您的回访，不能作答。",
    "survey_closed": "这个问题已经回答过或回访已结束。",
    "staff_survey_reopened": (
        "🔄 工单 {code} 回访（第{round}轮）居民回答“{answer}”，"
        "已重新打开，请继续处理。"
    ),
    "staff_survey_comment": "💬 工单 {code} 回访留言（居民原话）：{text}",
    "staff_outbox_uncertain": (
        "⚠️ 一条发给居民的消息（{kind}）发送中断，不确定是否送达；系统不会重发。"
        "{code}"
    ),
    "outbox_kind_reply": "回复",
    "outbox_kind_notice": "提醒",
    "outbox_kind_survey": "回访",
    "outbox_kind_survey_reminder": "回访提醒",
    "staff_outbox_uncertain_code": "相关工单：{code}",
    "staff_survey_uncertain": (
        "⚠️ 工单 {code} 的回访（第{round}轮）发送中断，"
        "不确定居民是否收到；系统不会重发，请电话回访。"
    ),
    "staff_kpi_usage": "用法：/kpi [2026-11 或 2026-W47]",
    "digest_ranking": "🏆 单位排名（上期名次在括号里）：",
    "btn_kpi_units": "🏆 单位排名",
    "kpi_rank_title": "🏆 单位考核排名（{start} 至 {end}）｜得分 = 响应20% + 解决40% + 满意40%",
    "kpi_rank_line": ("{rank}. {name}（{last}）{n} 件｜响应 {resp}｜解决 {res}｜满意 {sat}｜"
                      "得分 {score}"),
    "kpi_rank_last": "上期第{rank}",
    "kpi_rank_new": "上期无",
    "kpi_rank_none": "这一时期没有单位办理过工单。",
    "kpi_rank_excluded": "剔除 {n} 件（不计入任何单位）。",
    "kpi_header": "📊 三率 {label}（{start} 至 {end}）｜基本满意权重 {weight}",
    "kpi_header_partial": ("📊 三率 {label}（{start} 起，截至 {until}，未完整）｜"
                           "基本满意权重 {weight}"),
    "kpi_total": "合计 {n} 件｜响应率 {resp}｜解决率 {res}｜满意率 {sat}",
    "kpi_basis": "已回访 {answered} 件，确认解决 {solved} 件｜未作答 {none}｜不确定 {unsure}",
    "kpi_weakest": "最需关注（三率最低）：",
    "kpi_weak_line": "• {dim} {name}（{n} 件）：响应 {resp}｜解决 {res}｜满意 {sat}",
    "kpi_excluded_count": "剔除 {n} 件（不计入三率）。按类别、楼栋、工作人员的明细点下方按钮。",
    "kpi_details_title": "📋 明细：{header}",
    "btn_kpi_details": "📋 明细",
    "kpi_line": (
        "{dim} {name}：工单 {n}｜响应率 {resp}｜解决率 {res}｜满意率 {sat}｜"
        "已回访 {answered}｜未作答 {none}｜不确定 {unsure}"
    ),
    "kpi_dim_total": "合计",
    "kpi_dim_category": "类别",
    "kpi_dim_building": "楼栋",
    "kpi_dim_worker": "工作人员",
    "kpi_excluded": "剔除工单 {n} 件（不计入三率）：",
    "kpi_pending": "其中 {n} 件仍在响应时限内，未计入响应率",
    "cmd_kpi": "三率统计",
    "cmd_digest": "日报/周报/月报",
    "digest_usage": (
        "用法：/digest daily|weekly|monthly [期间]\n"
        "例如 /digest daily 2026-11-23、/digest weekly 2026-W47、/digest monthly 2026-10"
    ),
    "digest_gone": "这份简报已不存在。",
    "digest_late": "（补发）",
    "digest_title_daily": "📋 每日签批 {label}{late}",
    "digest_title_weekly": "🗓 周调度 {label}（{start} 至 {end}）{late}",
    "digest_title_monthly": "📈 月度分析 {label}{late}",
    "digest_partial": "（未完：截至 {day}，共 {days} 天，与上期同样 {days} 天比较）",
    "digest_counts": (
        "新增 {new}｜办结 {closed}｜今日到期 {due_today}｜超期 {overdue}｜"
        "重开 {reopened}｜紧急 {emergencies}"
    ),
    "digest_sec_emergencies": "🚨 紧急 {n}",
    "digest_sec_overdue": "⏰ 超期 {n}",
    "digest_sec_due_today": "📅 今日到期 {n}",
    "digest_sec_reopened": "🔄 重开 {n}",
    "digest_sec_new": "🆕 新增 {n}",
    "digest_sec_closed": "✅ 办结 {n}",
    "digest_sec_stuck": "🐢 超过7天未办结 {n}",
    "digest_sec_unhappy": "😞 本周开单中回访未确认解决/不满意 {n}",
    "digest_item": "• {code} {category} {building}号楼｜{holder}{due}",
    "digest_item_nobuilding": "• {code} {category}｜{holder}{due}",
    "digest_unassigned": "未认领",
    "digest_due": "｜时限 {time}",
    "digest_unhappy_item": "• {code} {category}：{answers}",
    "digest_answer_not_solved": "未确认解决",
    "digest_answer_dissatisfied": "不满意",
    "digest_section_more": "  …另有 {n} 件",
    "digest_more_hint": "…还有 {n} 行，点“更多”查看完整清单",
    "digest_quiet": "今日无新增、到期、超期或重开的工单。",
    "digest_rates_header": "📊 三率（本周开单 / 上周）",
    "digest_rate_line": "  {name} {this}（上周 {last}）",
    "digest_rate_line_partial": "  {name} {this}（上周同期 {last}）",
    "digest_rate_basis": "  本周开单 {n} 件，回访 {answered} 件，确认解决 {solved} 件",
    "digest_rate_response": "响应率",
    "digest_rate_resolution": "解决率",
    "digest_rate_satisfaction": "满意率",
    "digest_workers": "👷 工作人员：在办 / 本周办结 / 超期",
    "digest_worker_line": "• {name}：{open} / {closed} / {overdue}",
    "digest_monthly_total": "诉求 {n} 件（上月 {last}，去年同月 {year}）",
    "digest_monthly_total_partial": "诉求 {n} 件（上月同期 {last}，去年同期 {year}）",
    "digest_monthly_rates": (
        "三率：响应率 {resp}｜解决率 {res}｜满意率 {sat}｜未作答 {none}｜剔除 {excluded}"
    ),
    "digest_monthly_topic": "📌 每月一题建议：{building}号楼 {category}（本月 {n} 件）",
    "digest_monthly_no_topic": "📌 每月一题：本月没有反复出现的问题",
    "digest_monthly_proposal": "📌 {heading}\n{evidence}",
    "digest_monthly_line": "{rank}. {category} {n}（环比 {change}，同比 {yoy}）",
    "digest_monthly_hot": "🔥 热点 {building}号楼 {category} {n} 件",
    "digest_monthly_excluded": "剔除",
    "digest_more_title": "📄 完整清单：{title}",
    "btn_digest_more": "📄 更多",
    "bad_month": "月份格式不对，请写成 2026-10 这样。",
    # the monthly report as HTML (frontdoor report month --format html)
    "rpt_title": "月度分析报告 {month}",
    "rpt_period": "统计范围：{start} 00:00 至 {end}（{zone} 当地时间）",
    "rpt_period_partial": ("统计范围：{start} 00:00 至 {end}，本月未完，共 {days} 天"
                           "（{zone} 当地时间）"),
    "rpt_made": "生成时间：{at}（{zone}）",
    "rpt_overview": "概要",
    "rpt_requests": ("本月诉求 {n} 件：上月 {last} 件（环比 {change}），"
                     "去年同月 {year} 件（同比 {yoy}）。"),
    "rpt_requests_partial": ("本月至今诉求 {n} 件：上月同期 {last} 件（{change}），"
                             "去年同期 {year} 件（{yoy}）。"),
    "rpt_basis": ("已回访 {answered} 件，其中确认解决 {solved} 件；未作答 {none} 件、"
                  "发送不确定 {unsure} 件（均不计入三率）；剔除 {excluded} 件。"
                  "满意率中“基本满意”按 {weight} 计。"),
    "rpt_topic": "每月一题",
    "rpt_charts": "图表",
    "rpt_by_category": "诉求按类别（前 {n} 类）",
    "rpt_rates": "三率明细（按类别、楼栋、工作人员）",
    "rpt_hot_spots": "热点（同一楼栋同类问题 3 件及以上）",
    "rpt_excluded": "剔除工单（{n} 件，不计入三率）",
    "rpt_volume": "近12个月诉求量（按类别）",
    "rpt_trend": "近12个月三率",
    "rpt_none": "无",
    "rpt_all": "合计",
    "rpt_col_category": "类别",
    "rpt_col_tickets": "件数",
    "rpt_col_last_month": "上月",
    "rpt_col_same_days_last_month": "上月同期",
    "rpt_col_change": "环比",
    "rpt_col_last_year": "去年同月",
    "rpt_col_change_year": "同比",
    "rpt_col_dimension": "维度",
    "rpt_col_name": "名称",
    "rpt_col_answered": "已回访",
    "rpt_col_no_answer": "未作答",
    "rpt_col_uncertain": "不确定",
    "rpt_col_building": "楼栋",
    "rpt_col_code": "工单号",
    "rpt_col_reason": "剔除理由",
    "rpt_col_excluded_by": "剔除人",
    "rpt_col_month": "月份",
    "rpt_ranking": "单位排名（得分 = 响应率20% + 解决率40% + 满意率40%，上月名次在旁）",
    "rpt_col_rank": "名次",
    "rpt_col_last_rank": "上月名次",
    "rpt_col_unit": "单位",
    "rpt_col_score": "得分",
    "rpt_col_last_score": "上月得分",
    "chart_volume_title": "月度诉求量（按类别）",
    "chart_trend_title": "三率趋势（近12个月）",
    "chart_other": "其他",
    "chart_tickets": "诉求件数",
    "chart_response": "响应率",
    "chart_resolution": "解决率",
    "chart_satisfaction": "满意率",
    "broadcast_btn_report": "还有问题？报事",
    "broadcast_btn_stop": "不再接收",
    # notices: staff /notice flow
    "nx_effect": (
        "📈 通知 #{id} 的效果（{category}，{start} 至 {end}）\n"
        "目标楼栋（{t_buildings} 栋）：每栋 {t_rate} 件，去年同期 {t_before} 件\n"
        "其他楼栋（{o_buildings} 栋）：每栋 {o_rate} 件，去年同期 {o_before} 件\n"
        "差中差：{diff} 件/栋（负数：比其他楼栋的变化少，通知可能起了作用；件数少时仅供参考）"
    ),
    "nx_draft_calendar": "🗓 季节提醒草稿：主管点“立即发送”即可发出，或先修改再发。",
    "nx_draft_proposal": "📌 {heading}\n{evidence}\n主管点“立即发送”即可发给这些楼的居民。",
    "nx_draft_overlap": ("⚠️ 同一主题的通知 #{id}（{status}）也会发给其中 {n} 位居民："
                         "请只批准一条，或取消另一条。"),
    "nx_overlap_draft": "草稿",
    "nx_overlap_approved": "已批准",
    "nx_overlap_scheduled": "已定时",
    "nx_overlap_running": "发送中",
    "nx_overlap_paused": "已暂停",
    "nx_overlap_done": "近30天已发",
    "nx_draft_incomplete": "{intro}\n通知草稿 #{id} 还缺主题或范围，暂不能发送。",
    "nx_stale": "按钮已失效，或该通知当前状态不允许此操作。",
    "nx_incomplete": "通知还不完整：需要正文、主题和发送范围。",
    "nx_bad_audience": "没看懂。楼栋请写“3,5,7”，单元写“3-2”；类别写“冬季采暖 6”（类别 + 月数）。",
    "nx_time_passed": "这个时间已经过去了，请写一个将来的时间。",
    "nx_bad_time": "没看懂时间。请写“明天 09:00”或“2026-11-24 09:00”。",
    "nx_start": "📢 新通知 #{id}：自己写，还是用模板？",
    "nx_btn_write": "✏️ 自己写",
    "nx_tpl_water_cut": "模板：停水通知",
    "nx_tpl_heating_check": "模板：供暖入户检查",
    "nx_tpl_lift_maintenance": "模板：电梯维保",
    "nx_btn_drop": "🗑 放弃草稿",
    "nx_btn_skip_en": "不需要英文",
    "nx_btn_aud_all": "订阅该主题的所有居民",
    "nx_btn_aud_place": "指定楼栋或单元",
    "nx_btn_aud_cat": "近几个月报过某类问题的居民",
    "nx_btn_ordinary": "普通通知",
    "nx_btn_emergency": "🚨 紧急通知",
    "nx_btn_now": "✅ 批准，立即发送",
    "nx_btn_at": "🕘 批准，定时发送",
    "nx_btn_pause": "⏸ 暂停",
    "nx_btn_resume": "▶️ 继续",
    "nx_btn_cancel": "⛔ 取消",
    # changing a draft before approval, and /drafts (issue 25, item 4)
    "nx_btn_edit": "✏️ 修改",
    "nx_btn_edit_zh": "改中文正文",
    "nx_btn_edit_en": "改英文正文",
    "nx_btn_edit_when": "🕘 改时间",
    "nx_btn_edit_place": "📍 改地点",
    "nx_btn_back": "↩️ 返回预览",
    "nx_edit_menu": "修改通知草稿 #{id}：改哪一项？",
    "nx_ask_edit_zh": "通知 #{id}：请发送新的中文正文（下一条消息）。现在是：\n{current}",
    "nx_ask_edit_en": ("通知 #{id}：请发送新的英文正文（下一条消息），发送“-”表示不要英文。"
                       "现在是：\n{current}"),
    "nx_ask_edit_when": ("通知 #{id}：请发送新的时间，例如“12月9日 8:00–12:00”；"
                         "可用“|”附上英文，例如“12月9日 8:00–12:00 | Dec 9, 8:00–12:00”。"
                         "现在是：{current}"),
    "nx_ask_edit_place": ("通知 #{id}：请发送新的地点，例如“5号楼”；可用“|”附上英文，"
                          "例如“5号楼 | Building 5”。现在是：{current}"),
    "nx_edited": "✏️ 已修改，请核对：",
    "nx_no_slots": "正文已改写，不再是模板格式：请用“改中文正文”直接修改时间和地点。",
    "nx_no_drafts": "没有等待批准的通知草稿。",
    "nx_drafts_header": "等待批准的通知草稿共 {count} 份，以下是最新的 {shown} 份：",
    "nx_cancelled_step": "已停止填写通知（草稿保留）。",
    "nx_nothing": "没有正在填写的通知。",
    "nx_ask_zh": "通知 #{id}：请发送中文正文（下一条消息）。",
    "nx_ask_en": "请发送英文正文（下一条消息），或点“不需要英文”。",
    "nx_ask_topic": "请选择通知主题：",
    "nx_template_used": "已使用模板：\n{text}\n\n建议主题：{topic}。请选择通知主题：",
    "nx_ask_audience": "主题：{topic}。发送给谁？",
    "nx_ask_emergency": "是否紧急？紧急通知在夜间免打扰时段也会发送。",
    "nx_ask_place": "请发送楼栋或单元，例如“3,5,7”或“3-2”。",
    "nx_ask_category": "请发送问题类别和月数，例如“冬季采暖 6”（近6个月报过供暖问题的居民）。",
    "nx_ask_when": "通知 #{id}：请发送发送时间，例如“明天 09:00”或“2026-11-24 09:00”。",
    "nx_scheduled": "🕘 通知 #{id} 已批准，将于 {at} 发送。",
    "nx_aud_all": "订阅该主题的所有居民",
    "nx_aud_place": "楼栋/单元：{places}",
    "nx_aud_category": "近{months}个月报过“{category}”的居民",
    "nx_preview": ("📋 通知预览 #{id}\n主题：{topic}\n范围：{audience}\n紧急：{emergency}\n"
                   "收件人：{count} 位居民\n——\n{text_zh}\n——\n{text_en}\n\n"
                   "须由主管或管理员批准后才会发送。"),
    "nx_yes": "是",
    "nx_no": "否",
    "nx_preview_opted_out": "（收件人中 {count} 位已退订普通通知；紧急通知照样发给他们）",
    "nx_approved_now": "✅ 通知 #{id} 已批准，正在发送。",
    "nx_dropped": "🗑 通知草稿 #{id} 已放弃。",
    "nx_cancelled_before": "通知 #{id}：{state}。",
    "nx_progress_head": "📢 通知 #{id} · {topic} · {state}",
    "nx_state_draft": "草稿",
    "nx_state_approved": "已批准",
    "nx_state_scheduled": "已定时",
    "nx_state_running": "发送中",
    "nx_state_paused": "已暂停",
    "nx_state_done": "已完成",
    "nx_state_cancelled": "已取消",
    "nx_progress_counts": ("已发送 {sent} · 失败 {failed} · 已屏蔽 {blocked} · "
                           "等待中 {waiting} · 剩余 {left}"),
    "nx_progress_eta": "预计还需 {minutes} 分 {seconds} 秒",
    "nx_progress_wake": "等待中的消息将于 {at} 发送（免打扰时段或重试）。",
    "nx_progress_eta_hours": "预计还需 {hours} 小时 {minutes} 分（含等待时间）",
    "nx_progress_released": "🌙 主管已决定在免打扰时段内立即发送。",
    "nx_btn_anyway": "🌙 免打扰时段也立即发送",
    "nx_summary_counts": ("共 {total} 位：已发送 {sent}，失败 {failed}，已屏蔽 {blocked}，"
                          "未发出（已取消） {cancelled}"),
    "nx_summary_reasons": "原因：",
    "nx_summary_reason": "· {status}：{reason} × {count}",
    "nx_dstate_failed": "失败",
    "nx_dstate_blocked": "已屏蔽",
    "nx_dstate_uncertain": "不确定是否送达",
    # notices: calendar and 每月一题
    "cal_proposal_heading": "每月一题 {month}：{category}",
    "cal_proposal_evidence": "去年{m}月（{ref}）：{category} {count} 件，是月均的 {index:.1f} 倍",
    "cal_proposal_places": "；{buildings}号楼占 {share}%",
    "cal_proposal_change": ("；近3个月（{first} 至 {last}）比去年同期 {change:+d}%"
                            "（{recent} 件，去年 {before} 件）"),
    "cal_proposal_change_new": "；近3个月（{first} 至 {last}）{recent} 件，去年同期没有",
    "cal_proposal_hot": "；本月至今 {spots}",
    "cal_proposal_hot_one": "{building}号楼已有 {n} 件",
    "cal_proposal_expect": "。预计{m}月约 {expected} 件（平时每月约 {mean} 件）。",
    "cal_proposal_none": "{month}：往年同期没有明显增多的问题，本月不提议。",
    "cal_notice_places": "{buildings}号楼",
    "cal_notice_text": ("【每月一题·{m}月】往年这个时候，{places}“{category}”问题较多，"
                        "社区已提前排查。如果您遇到这类问题，请点下方按钮报事。"),
    # --- work orders across units (issue 21, docs/units.md) ---
    "staff_card_orders": "\n派件：",
    "staff_card_order_line": "\n· {unit}：{state}{who}{reason}",
    "staff_card_order_who": "（{name}）",
    "staff_card_order_reason": "，退单理由：{reason}",
    "order_state_open": "待接单",
    "order_state_claimed": "办理中",
    "order_state_done": "已完成",
    "order_state_returned": "已退单待决定",
    "order_state_cancelled": "已撤销",
    "staff_btn_dispatch_to": "📨 派件 {unit}",
    "order_card": (
        "📨 派件 {code}\n来自：{home}\n类别：{category}\n地点：{place}\n描述：{description}\n"
        "状态：{state}\n响应时限：{respond}\n办结时限：{resolve}\n负责人：{assignee}"
    ),
    "order_card_result": "\n处理结果：{result}",
    "order_card_reason": "\n退单理由：{reason}",
    "order_topic_name": "{code} 派件",
    "order_btn_take": "🙋 接单",
    "order_btn_done": "✅ 完成",
    "order_btn_back": "↩️ 退单",
    "order_ask_done": "{name}，请回复处理结果（派件 {code}）：",
    "order_ask_back": "{name}，请写明退单理由（派件 {code}）：",
    "order_dispatched": "📨 已派件给 {unit}（{code}）",
    "order_returned_notice": "↩️ {unit} 退回了派件（{code}），理由：{reason}\n请决定：",
    "order_done_notice": "✅ {unit} 完成了派件（{code}）：{result}",
    "order_btn_keep": "仍由该单位办理",
    "order_btn_close": "不再派件",
    "order_btn_redispatch": "改派",
    "order_redispatch_choose": "派件 {code} 改派给：",
    "order_refused": "这个派件现在不能这样操作。",
    "unit_not_member": "您不在这个单位，不能操作它的派件。",
    # the web view (handlers/web): supervisors and street leaders, read-only
    "web_cmd_link": (
        "🔗 网页视图登录链接（{minutes} 分钟内有效，只能用一次，请勿转发）：\n{url}"
    ),
    "web_cmd_not_staff": "网页视图只对社区工作人员开放。",
    "web_cmd_off": "网页视图没有开启（HTTP 端口 FRONTDOOR_OPEN311_PORT 为 0）。",
    "web_cmd_group": "请在与机器人的私聊中发送 /web，登录链接只发给您本人。",
    "web_brand": "接诉即办 · 工作台",
    "web_nav_overview": "总览",
    "web_nav_tickets": "工单",
    "web_nav_analysis": "月度分析",
    "web_nav_buildings": "楼栋",
    "web_logout": "退出登录",
    "web_lang_other": "English",
    "web_login_title": "登录网页视图",
    "web_login_intro": "点击下方按钮登录。这个链接只能使用一次，{minutes} 分钟内有效。",
    "web_login_button": "登录",
    "web_link_refused": (
        "这个登录链接已失效（已使用、已过期或不存在）。"
        "请在 Telegram 里给机器人发送 /web 获取新链接。"
    ),
    "web_login_needed": "请先登录：在 Telegram 里给机器人私聊发送 /web，打开收到的链接。",
    "web_session_ended": "登录已过期或已退出。请在 Telegram 里给机器人发送 /web 重新登录。",
    "web_logged_out": "已退出登录。需要时在 Telegram 里发送 /web 重新登录。",
    "web_csrf": "这个表单已过期，请返回刷新页面后再试。",
    "web_not_found": "没有这个工单，或者您无权查看。",
    "web_page_missing": "没有这个页面。",
    "web_tickets_title": "工单",
    "web_filter_state": "状态",
    "web_filter_type": "问题",
    "web_filter_building": "楼号",
    "web_filter_unit": "单位",
    "web_filter_worker": "工作人员编号",
    "web_filter_period": "时间（月份 2026-11 或日期）",
    "web_filter_urgency": "紧急程度",
    "web_filter_reopened": "只看重办过的",
    "web_filter_excluded": "只看不计入考核的",
    "web_filter_any": "全部",
    "web_filter_apply": "筛选",
    "web_filter_clear": "清除筛选",
    "web_state_open": "未办结",
    "web_state_overdue": "已超时",
    "web_count": "共 {n} 张",
    "web_count_capped": "超过 {n} 张",
    "web_next": "下一页 →",
    "web_first": "← 回到第一页",
    "web_ignored": "以下筛选条件无效，已忽略：{names}",
    "web_none": "没有符合条件的工单。",
    "web_col_code": "编号",
    "web_col_created": "时间",
    "web_col_problem": "问题",
    "web_col_building": "楼号",
    "web_col_status": "状态",
    "web_col_urgency": "紧急",
    "web_col_unit": "单位",
    "web_col_worker": "经办人",
    "web_overdue": "超时",
    "web_reopened": "重办 {n} 次",
    "web_excluded": "不计入考核",
    "web_ticket_facts": "基本信息",
    "web_ticket_problem": "问题",
    "web_ticket_description": "描述",
    "web_ticket_address": "地址",
    "web_ticket_phone": "联系电话",
    "web_ticket_show_phone": "显示完整号码（会被记录）",
    "web_ticket_phone_logged": "已记录您查看了完整联系方式。",
    "web_ticket_due": "时限",
    "web_ticket_due_line": "响应 {respond} · 办结 {resolve}",
    "web_ticket_unit": "承办单位",
    "web_ticket_worker": "经办人",
    "web_ticket_photos": "照片 {n} 张（在 Telegram 工作群查看）",
    "web_ticket_orders": "派件",
    "web_ticket_no_orders": "没有派件。",
    "web_order_line": "{unit} · {status} · 派出 {dispatched}",
    "web_ticket_surveys": "回访",
    "web_ticket_no_surveys": "还没有回访。",
    "web_survey_line": "第 {round} 次回访 · {status}",
    "web_survey_answer": "解决：{solved} · 满意：{satisfaction}",
    "web_ticket_timeline": "经过",
    "web_actor_resident": "居民",
    "web_actor_staff": "工作人员",
    "web_actor_system": "系统",
    "web_back": "← 返回列表",
    "web_ev_opened": "提交诉求",
    "web_ev_joined": "另一位居民也报了同一问题",
    "web_ev_claimed": "认领",
    "web_ev_staff_replied": "回复居民",
    "web_ev_resident_message": "居民留言",
    "web_ev_resident_note": "居民补充说明",
    "web_ev_resident_photo": "居民补充照片",
    "web_ev_transferred": "转办",
    "web_ev_resolved": "办结",
    "web_ev_closed": "关闭",
    "web_ev_reopened": "重新打开",
    "web_ev_withdrawn": "居民撤回",
    "web_ev_excluded": "不计入考核",
    "web_ev_dispatched": "派件",
    "web_ev_order_taken": "单位接单",
    "web_ev_order_done": "单位完成",
    "web_ev_order_returned": "单位退单",
    "web_ev_order_decided": "退单处理",
    "web_ev_survey_sent": "发出回访",
    "web_ev_survey_answer": "居民回访答复",
    "web_ev_survey_comment": "回访留言",
    "web_ev_survey_expired": "回访无人答复",
    "web_ev_survey_uncertain": "回访未能确认送达",
    "web_ev_survey_reminder": "回访提醒",
    "web_ev_reminder_sent": "时限提醒",
    "web_ev_contact_shown": "查看完整联系方式",
    "web_ev_handoff_started": "转人工",
    "web_ev_handoff_ended": "人工对话结束",
    "web_ev_linked": "居民关联了工单",
    "web_ev_resident_erased": "居民删除了个人信息",
    "web_ev_problem_type_changed": "更改问题类型",
    "web_ev_photo": "照片",
    "esc_reminder": "⏰ 派件 {code} 已超过{what}时限（{due}），超时 {late}，请尽快处理。",
    "esc_card": (
        "🚨 派件超时 · 街道督办\n工单：{code}\n单位：{unit}\n超过{what}时限（{due}）"
        "\n已超时：{late}"
    ),
    "esc_btn_summon": "🔔 吹哨 · 召集单位负责人",
    "esc_card_summoned": "\n🔔 {name} 已于 {at} 吹哨",
    "esc_summons": (
        "🔔 吹哨：{name} 召集 {unit} 负责人。派件 {code} 已超过{what}时限，超时 {late}。"
        "\n请负责人点「收到 · 报到」，并尽快处理。"
    ),
    "esc_btn_ack": "✅ 收到 · 报到",
    "esc_acked": "✅ {unit} 负责人 {name} 已报到（派件 {code}）。",
    "esc_ack_done": "已报到。",
    "esc_summoned_already": "已经吹过哨了。",
    "esc_second": (
        "🚨🚨 二级督办：派件 {code}（{unit}）吹哨后 {within} 仍无人报到，"
        "已超过{what}时限 {late}。请街道负责人督办。"
    ),
    "escalation_not_street": "只有街道主管或街道负责人可以吹哨。",
    "escalation_not_head": "只有该单位的负责人可以报到。",
    "escalation_stale": "这条督办已失效。",
    "relayed_to_ticket": (
        "已把您的话转给处理诉求 {code} 的工作人员，有回复会第一时间告诉您。"
        "要报新的问题，直接描述问题就行。"
    ),
    "web_unavailable": (
        "系统暂时读不到数据（数据库正在恢复），请稍后刷新页面。"
    ),
    "web_failed": (
        "页面出错了，已记录。请稍后再试，或回到 Telegram 工作群处理。"
    ),
    # web view pages (handlers/web/pages)
    "web_overview_title": "总览",
    "web_today": "今天（{day}）",
    "web_today_new": "今日新增",
    "web_today_open": "未办结",
    "web_today_overdue": "已超期",
    "web_today_emergency": "紧急（未办结）",
    "web_rates_title": "三率：本月与上月、去年同月",
    "web_rates_street": "全街道",
    "web_col_this_month": "本月 {month}（截至现在）",
    "web_col_last_month": "上月 {month}",
    "web_col_last_year": "去年同月 {month}",
    "web_row_tickets": "开单件数",
    "web_ranking_title": "单位考核排名 {month}（得分 = 响应20% + 解决40% + 满意40%）",
    "web_col_rank": "名次",
    "web_col_last_rank": "上月名次",
    "web_col_tickets": "件数",
    "web_col_score": "得分",
    "web_waiting_title": "等待在 Telegram 中决定",
    "web_sent_back": "退单待调度决定：{n} 件",
    "web_col_ticket": "工单",
    "web_col_reason": "退单原因",
    "web_drafts": "待审批的通知草稿：{n} 条（在 Telegram 中用 /drafts 审批）",
    "web_nothing_waiting": "没有等待决定的事项。",
    "web_more": "另有 {n} 项未列出。",
    "web_analysis_title": "月分析 {month}",
    "web_previous_month": "← 上个月 {month}",
    "web_next_month": "下个月 {month} →",
    "web_analysis_street_only": "月分析统计整个街道的诉求，只对能查看全街道的人员开放。",
    "web_bad_month": "月份格式应为 YYYY-MM，例如 2026-10。",
    "web_no_cjk_font": "服务器没有安装中文字体，无法绘制图表（apt-get install fonts-noto-cjk）。",
    "web_buildings_title": "楼栋诉求分布 {month}",
    "web_buildings_legend": "图例（本月诉求件数）",
    "web_buildings_none": "没有已知的楼栋。",
    "web_building_cell": "{building}号楼：{n} 件",
    "web_legend_zero": "0 件",
    "web_legend_range": "{low}–{high} 件",
    "web_escalations": "督办中（超时派件）{n} 件",
    "web_escalation_level_1": "一级：街道",
    "web_escalation_level_2": "二级：街道领导",
    "web_escalation_summoned": "已吹哨",
    "web_escalation_not_summoned": "未吹哨",
    "web_col_level": "级别",
    "web_col_whistle": "吹哨",
    "web_col_since": "起始",
    "web_ranking_none": "本月还没有可排名的工单；上月排名见“月度分析”。",
    "question_several_open": (
        "您有{n}件诉求正在处理。要给其中一件留言，请发送 /status，点那件下面的“📝 补充”再写。"
        "要报新的问题，直接描述问题就行。"
    ),
}
