<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AnnotationView</name>
    <message>
        <location filename="../../annotator/gui/text_view.py" line="336"/>
        <source>Suggested {label}: {reason}
Alt+A accept · Alt+X reject · Ctrl+Alt+A everywhere</source>
        <translation>اقتراح {label}: {reason}
Alt+A قبول · Alt+X رفض · Ctrl+Alt+A قبول في كل مكان</translation>
    </message>
</context>
<context>
    <name>CheatSheet</name>
    <message>
        <location filename="../../annotator/gui/cheatsheet.py" line="14"/>
        <source>Keys</source>
        <translation>المفاتيح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/cheatsheet.py" line="20"/>
        <source>Label keys act on the layer chosen in the toolbar, in the text view. With a span selected (click it) a label key relabels it; with text selected it tags it.</source>
        <translation>تعمل مفاتيح الوسوم على الطبقة المختارة في شريط الأدوات، داخل عارض النص. إذا كان مقطع محددًا (انقره) غيّر مفتاح الوسم وسمه؛ وإذا كان نص محددًا وسمه.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/cheatsheet.py" line="24"/>
        <source>Layer {name}</source>
        <translation>الطبقة {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/cheatsheet.py" line="32"/>
        <source>Document: {name}</source>
        <translation>المستند: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/cheatsheet.py" line="33"/>
        <source>Targets: {targets} (Ctrl+T picks the next).</source>
        <translation>الأهداف: {targets} (ينتقل Ctrl+T إلى التالي).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/cheatsheet.py" line="47"/>
        <source>Cheat sheet — annotator</source>
        <translation>دليل الاختصارات — annotator</translation>
    </message>
</context>
<context>
    <name>DocumentPanel</name>
    <message>
        <location filename="../../annotator/gui/stance_panel.py" line="85"/>
        <source>Accept the model&apos;s suggestion (Alt+Y)</source>
        <translation>قبول اقتراح النموذج (Alt+Y)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stance_panel.py" line="86"/>
        <source>Reject it: it is not suggested again here (Alt+N)</source>
        <translation>رفضه: لن يُقترح هنا مرة أخرى (Alt+N)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stance_panel.py" line="104"/>
        <source>model suggests: {label} {score}</source>
        <translation>يقترح النموذج: {label} {score}</translation>
    </message>
</context>
<context>
    <name>InterfaceMenus</name>
    <message>
        <location filename="../../annotator/gui/interface_menus.py" line="22"/>
        <source>&amp;Language</source>
        <translation>الل&amp;غة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/interface_menus.py" line="23"/>
        <source>&amp;Digits</source>
        <translation>الأ&amp;رقام</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/interface_menus.py" line="24"/>
        <source>Western digits (0 1 2 3)</source>
        <translation>أرقام غربية (0 1 2 3)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/interface_menus.py" line="25"/>
        <source>Arabic-Indic digits (٠ ١ ٢ ٣)</source>
        <translation>أرقام هندية (٠ ١ ٢ ٣)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/interface_menus.py" line="45"/>
        <source>annotator</source>
        <translation>annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/interface_menus.py" line="46"/>
        <source>The interface changes when annotator starts again. Your work is saved.</source>
        <translation>تتغيّر الواجهة عند تشغيل annotator من جديد. عملك محفوظ.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/interface_menus.py" line="48"/>
        <source>Restart now</source>
        <translation>إعادة التشغيل الآن</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/interface_menus.py" line="49"/>
        <source>Later</source>
        <translation>لاحقًا</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="111"/>
        <source>This project has no documents yet: import some (annotator import FILES); they show up here.</source>
        <translation>لا مستندات في هذا المشروع بعد: استورد بعضها (annotator import FILES) فتظهر هنا.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="126"/>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="127"/>
        <source>My spans</source>
        <translation>مقاطعي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="144"/>
        <source>Layer</source>
        <translation>الطبقة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="146"/>
        <source> Layer: </source>
        <translation> الطبقة: </translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="178"/>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="179"/>
        <source>&amp;Export… (leads)</source>
        <translation>&amp;تصدير… (لقادة الفريق)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="180"/>
        <source>Switch &amp;annotator…</source>
        <translation>تبديل المُو&amp;سِّم…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="181"/>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="182"/>
        <source>&amp;Edit</source>
        <translation>&amp;تحرير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="183"/>
        <source>&amp;Undo</source>
        <translation>ترا&amp;جع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="184"/>
        <source>&amp;Redo</source>
        <translation>إ&amp;عادة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="185"/>
        <source>&amp;Delete span</source>
        <translation>&amp;حذف المقطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="188"/>
        <source>Mark &amp;paragraphs as boilerplate</source>
        <translation>وسم ال&amp;فقرات حشوًا للصفحة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="189"/>
        <source>S&amp;nap selections to words</source>
        <translation>ضبط التحديد على الك&amp;لمات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="191"/>
        <source>Drags, double-clicks and Ctrl+Shift+arrows select whole words; Alt while dragging selects characters</source>
        <translation>السحب والنقر المزدوج وCtrl+Shift+الأسهم تحدّد كلمات كاملة؛ والسحب مع Alt يحدّد حروفًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="199"/>
        <source>Select whole words (a proclitic before a name left out)</source>
        <translation>تحديد كلمات كاملة (دون السابقة المتصلة قبل الاسم)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="200"/>
        <source>drag, double-click, Ctrl+Shift+arrows</source>
        <translation>السحب، النقر المزدوج، Ctrl+Shift+الأسهم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="201"/>
        <source>Select characters</source>
        <translation>تحديد حروف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="201"/>
        <source>Alt+drag, Shift+arrows</source>
        <translation>السحب مع Alt، أو Shift+الأسهم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="202"/>
        <source>Move the selection&apos;s start one character (visually: in Arabic, Right is earlier)</source>
        <translation>تحريك بداية التحديد حرفًا واحدًا (بصريًا: في العربية اليمين هو الأسبق)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="204"/>
        <source>Move the selection&apos;s end one character (visually)</source>
        <translation>تحريك نهاية التحديد حرفًا واحدًا (بصريًا)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="205"/>
        <source>Select a span</source>
        <translation>تحديد مقطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="205"/>
        <source>click it</source>
        <translation>انقره</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="207"/>
        <source>&amp;Layer</source>
        <translation>&amp;طبقة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="210"/>
        <source>Next stance &amp;target</source>
        <translation>ال&amp;هدف التالي للموقف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="211"/>
        <source>&amp;Document</source>
        <translation>م&amp;ستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="212"/>
        <source>Mark &amp;done, open next</source>
        <translation>وسمه &amp;منجزًا وفتح التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="213"/>
        <source>&amp;Skip, open next</source>
        <translation>&amp;تخطّيه وفتح التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="214"/>
        <source>&amp;Next document</source>
        <translation>المستند التا&amp;لي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="215"/>
        <source>&amp;Previous document</source>
        <translation>المستند ال&amp;سابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="216"/>
        <source>&amp;Review</source>
        <translation>م&amp;راجعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="218"/>
        <source>&amp;Review mode</source>
        <translation>وضع الم&amp;راجعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="222"/>
        <source>&amp;Take into gold</source>
        <translation>إ&amp;دخاله في المعيار الذهبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="223"/>
        <source>Take all &amp;agreed into gold</source>
        <translation>إدخال كل المت&amp;فق عليه في المعيار الذهبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="224"/>
        <source>&amp;Next disagreement</source>
        <translation>ال&amp;خلاف التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="225"/>
        <source>Agreement &amp;figures…</source>
        <translation>أر&amp;قام الاتفاق…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="228"/>
        <source>Mark adjudicated, open the next in the queue (review mode)</source>
        <translation>اعتماده وفتح التالي في قائمة الانتظار (وضع المراجعة)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="229"/>
        <source>&amp;Suggestions</source>
        <translation>ا&amp;قتراحات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="232"/>
        <source>&amp;Propagate the span in this document</source>
        <translation>&amp;تعميم المقطع في هذا المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="233"/>
        <source>Propagate the span to &amp;every document</source>
        <translation>تعميم المقطع على كل ال&amp;مستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="234"/>
        <source>Suggest &amp;boilerplate in every document</source>
        <translation>اقتراح &amp;حشو الصفحة في كل المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="235"/>
        <source>Apply a &amp;gazetteer file…</source>
        <translation>ت&amp;طبيق ملف قائمة أسماء…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="239"/>
        <source>&amp;Accept the suggestion at the cursor</source>
        <translation>&amp;قبول الاقتراح عند المؤشر</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="240"/>
        <source>&amp;Reject the suggestion at the cursor</source>
        <translation>&amp;رفض الاقتراح عند المؤشر</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="241"/>
        <source>Accept it in every &amp;document where it occurs</source>
        <translation>قبوله في كل مستند &amp;يرد فيه</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="242"/>
        <source>Accept a&amp;ll in this document</source>
        <translation>قبول ال&amp;كل في هذا المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="243"/>
        <source>Re&amp;ject all in this document</source>
        <translation>ر&amp;فض الكل في هذا المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="244"/>
        <source>&amp;Next suggestion</source>
        <translation>الاقتراح التا&amp;لي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="245"/>
        <source>Pre&amp;vious suggestion</source>
        <translation>الاقتراح ال&amp;سابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="249"/>
        <source>Train the &amp;model now</source>
        <translation>تدريب ال&amp;نموذج الآن</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="250"/>
        <source>Model &amp;figures…</source>
        <translation>أرقام النمو&amp;ذج…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="255"/>
        <source>Suggest from the model when a document opens</source>
        <translation>الاقتراح من النموذج عند فتح مستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="264"/>
        <source>Matching: ى matches ي (alef maksura as ya)</source>
        <translation>المطابقة: ى تطابق ي (الألف المقصورة ياءً)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="265"/>
        <source>Matching: ة matches ه (ta marbuta as ha)</source>
        <translation>المطابقة: ة تطابق ه (التاء المربوطة هاءً)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="266"/>
        <source>Matching: ignore case</source>
        <translation>المطابقة: تجاهل حالة الأحرف اللاتينية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="273"/>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="274"/>
        <source>Team &amp;progress… (leads)</source>
        <translation>&amp;تقدّم الفريق… (لقادة الفريق)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="275"/>
        <source>Zoom &amp;in</source>
        <translation>ت&amp;كبير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="276"/>
        <source>Zoom &amp;out</source>
        <translation>ت&amp;صغير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="277"/>
        <source>&amp;Reset zoom</source>
        <translation>إعادة ال&amp;حجم الأصلي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="280"/>
        <source>&amp;Help</source>
        <translation>مساع&amp;دة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="281"/>
        <source>&amp;Cheat sheet</source>
        <translation>&amp;دليل الاختصارات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="351"/>
        <source>Every document in the review queue is adjudicated.</source>
        <translation>اعتُمدت كل المستندات في قائمة انتظار المراجعة.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="358"/>
        <source>All your documents are done or skipped.</source>
        <translation>كل مستنداتك منجزة أو متخطّاة.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="387"/>
        <source>Annotating as {name}: you see {name}&apos;s annotations only.</source>
        <translation>توسم الآن باسم {name}: لا ترى إلا توسيمات {name}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="419"/>
        <source>Exporting is for the project&apos;s leads.</source>
        <translation>التصدير لقادة فريق المشروع.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="450"/>
        <source>Could not record the time spent: {reason}</source>
        <translation>تعذّر تسجيل الوقت المستغرق: {reason}</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="29"/>
        <source>No document is open: import documents (annotator import FILES) or choose one in the list.</source>
        <translation>لا مستند مفتوح: استورد مستندات (annotator import FILES) أو اختر واحدًا من القائمة.</translation>
    </message>
</context>
<context>
    <name>SpanListModel</name>
    <message>
        <location filename="../../annotator/gui/span_list.py" line="25"/>
        <source>Layer</source>
        <translation>الطبقة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_list.py" line="25"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_list.py" line="26"/>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_list.py" line="26"/>
        <source>Start</source>
        <translation>البداية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_list.py" line="27"/>
        <source>End</source>
        <translation>النهاية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_list.py" line="121"/>
        <source>{text} {problem}: Alt+arrows move an edge by one character</source>
        <translation>{text} {problem}: ‏Alt+الأسهم تحرّك طرفًا حرفًا واحدًا</translation>
    </message>
</context>
<context>
    <name>StanceActions</name>
    <message>
        <location filename="../../annotator/gui/stance_actions.py" line="21"/>
        <source>Train the &amp;stance model now</source>
        <translation>تدريب نموذج الم&amp;وقف الآن</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stance_actions.py" line="22"/>
        <source>Stance model f&amp;igures…</source>
        <translation>أرقام نموذ&amp;ج الموقف…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stance_actions.py" line="23"/>
        <source>Accept the stance suggestion (current target)</source>
        <translation>قبول اقتراح الموقف (الهدف الحالي)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stance_actions.py" line="25"/>
        <source>Reject the stance suggestion (current target)</source>
        <translation>رفض اقتراح الموقف (الهدف الحالي)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stance_actions.py" line="48"/>
        <source>Training the stance model again on the newly done documents (in the background).</source>
        <translation>يُعاد تدريب نموذج الموقف على المستندات المنجزة حديثًا (في الخلفية).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stance_actions.py" line="60"/>
        <source>No stance suggestion in this document (Ctrl+Alt+S trains the stance model).</source>
        <translation>لا اقتراح للموقف في هذا المستند (Ctrl+Alt+S يدرّب نموذج الموقف).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stance_actions.py" line="68"/>
        <source>Accepted {label} for {target}.</source>
        <translation>قُبل {label} للهدف {target}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stance_actions.py" line="69"/>
        <source>Rejected {label} for {target}: it is not suggested again in this document.</source>
        <translation>رُفض {label} للهدف {target}: لن يُقترح مرة أخرى في هذا المستند.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stance_actions.py" line="79"/>
        <source>No stance model yet: it is trained on the documents marked done (Suggestions → Train the stance model now).</source>
        <translation>لا نموذج للموقف بعد: يُدرَّب على المستندات الموسومة منجزة (اقتراحات ← تدريب نموذج الموقف الآن).</translation>
    </message>
</context>
<context>
    <name>SuggestionActions</name>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="44"/>
        <source>Training the model again on the newly done documents (in the background).</source>
        <translation>يُعاد تدريب النموذج على المستندات المنجزة حديثًا (في الخلفية).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="79"/>
        <source>Tag or click a span first; Ctrl+P then suggests it wherever its text occurs.</source>
        <translation>وسِّم مقطعًا أو انقره أولًا؛ ثم يقترحه Ctrl+P حيثما ورد نصه.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="83"/>
        <source>Propagated {label}: {result}. Alt+A accepts, Alt+X rejects, F7 goes to the next.</source>
        <translation>عُمِّم {label}: {result}. ‏Alt+A للقبول، Alt+X للرفض، F7 للتالي.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="88"/>
        <source>{result}. F7 goes through them; Ctrl+Alt+A accepts one in every document.</source>
        <translation>{result}. ‏F7 يتنقّل بينها؛ Ctrl+Alt+A يقبل واحدًا منها في كل المستندات.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="91"/>
        <source>Gazetteer (JSON lines: label, pattern)</source>
        <translation>قائمة أسماء (أسطر JSON: الوسم، النمط)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="92"/>
        <source>JSON lines (*.jsonl *.json);;All files (*)</source>
        <translation>أسطر JSON (*.jsonl *.json);;كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="98"/>
        <source>{result}. F7 goes through them.</source>
        <translation>{result}. ‏F7 يتنقّل بينها.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="140"/>
        <source>Suggested {label}: {reason}. Alt+A accept, Alt+X reject, Ctrl+Alt+A accept everywhere.</source>
        <translation>اقتراح {label}: {reason}. ‏Alt+A قبول، Alt+X رفض، Ctrl+Alt+A قبول في كل مكان.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="158"/>
        <source>No suggestion at the cursor (F7 goes to the next one).</source>
        <translation>لا اقتراح عند المؤشر (F7 ينتقل إلى التالي).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="182"/>
        <source>Accepted {label} in 1 place ({suggested} suggested). Ctrl+Z takes them all back.</source>
        <translation>قُبل {label} في موضع واحد (عدد المقترح: {suggested}). ‏Ctrl+Z يتراجع عنها كلها.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="184"/>
        <source>Accepted {label} in {count} places ({suggested} suggested). Ctrl+Z takes them all back.</source>
        <translation>قُبل {label}؛ عدد المواضع: {count} (عدد المقترح: {suggested}). ‏Ctrl+Z يتراجع عنها كلها.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="190"/>
        <location filename="../../annotator/gui/suggest_actions.py" line="200"/>
        <source>No suggestions in this document.</source>
        <translation>لا اقتراحات في هذا المستند.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="194"/>
        <source>Accepted {count} of {total} suggestions.</source>
        <translation>قُبل {count} من {total} من الاقتراحات.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="203"/>
        <source>Rejected {count} suggestions.</source>
        <translation>عدد الاقتراحات المرفوضة: {count}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggest_actions.py" line="208"/>
        <source>No suggestions in this document (Ctrl+P propagates a span, Ctrl+Alt+B finds boilerplate).</source>
        <translation>لا اقتراحات في هذا المستند (Ctrl+P يعمّم مقطعًا، Ctrl+Alt+B يجد حشو الصفحة).</translation>
    </message>
</context>
<context>
    <name>TaggingActions</name>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="80"/>
        <source>No label on key &apos;{key}&apos; in layer {layer} (F1 lists the keys).</source>
        <translation>لا وسم على المفتاح &apos;{key}&apos; في الطبقة {layer} (F1 يعرض المفاتيح).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="103"/>
        <source>Select text first (mouse, or Shift+arrows; Ctrl+Shift+arrows by word).</source>
        <translation>حدّد نصًا أولًا (بالفأرة، أو Shift+الأسهم؛ Ctrl+Shift+الأسهم كلمةً كلمة).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="111"/>
        <source>Layer {layer} needs a target, and the schema has none.</source>
        <translation>الطبقة {layer} تحتاج إلى هدف، ولا هدف في المخطط.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="125"/>
        <source>Click a span first to select it, then Delete.</source>
        <translation>انقر مقطعًا أولًا لتحديده، ثم Delete.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="130"/>
        <source>Deleted the {label} span. Ctrl+Z brings it back.</source>
        <translation>حُذف مقطع {label}. ‏Ctrl+Z يعيده.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="139"/>
        <source>The schema has no boilerplate layer.</source>
        <translation>لا طبقة لحشو الصفحة في المخطط.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="155"/>
        <source>These paragraphs are boilerplate already (or empty).</source>
        <translation>هذه الفقرات موسومة حشوًا للصفحة من قبل (أو فارغة).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="175"/>
        <source>Keys tag layer {layer} while this {label} span is selected; they go back to {back} when it is deselected.</source>
        <translation>المفاتيح تسم الطبقة {layer} ما دام مقطع {label} هذا محددًا؛ وتعود إلى {back} عند إلغاء تحديده.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="189"/>
        <source>A {label} span of layer {layer} is here: click it again (or Ctrl+click) to select it. The keys stay on layer {current}.</source>
        <translation>هنا مقطع {label} من الطبقة {layer}: انقره مرة أخرى (أو Ctrl+نقر) لتحديده. تبقى المفاتيح على الطبقة {current}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="202"/>
        <source>Keys tag layer {layer} again.</source>
        <translation>المفاتيح تسم الطبقة {layer} من جديد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="225"/>
        <source>Selected 1 character: {text}</source>
        <translation>حُدِّد حرف واحد: {text}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="226"/>
        <source>Selected {count} characters: {text}</source>
        <translation>الحروف المحددة ({count}): {text}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/tagging.py" line="264"/>
        <source>Keys now tag layer {layer}.</source>
        <translation>المفاتيح تسم الآن الطبقة {layer}.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../annotator/gui/app.py" line="60"/>
        <source>annotator</source>
        <translation>annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app.py" line="61"/>
        <source>Your name (it marks your annotations):</source>
        <translation>اسمك (تُعلَّم به توسيماتك):</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <location filename="../../annotator/gui/crash.py" line="25"/>
        <source>Something went wrong: {error}

The app keeps running, and everything you did before this is saved in the project. The details are in the log:
{log}</source>
        <translation>حدث خطأ: {error}

يستمر البرنامج في العمل، وكل ما فعلته قبل هذا محفوظ في المشروع. التفاصيل في السجل:
{log}</translation>
    </message>
</context>
</TS>
