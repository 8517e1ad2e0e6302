<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AgreementView</name>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="47"/>
        <source>n/a</source>
        <translation>غير متاح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="106"/>
        <source>Agreement — {project}</source>
        <translation>الاتفاق — {project}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="107"/>
        <source>Include unfinished documents</source>
        <translation>تضمين المستندات غير المنجزة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="108"/>
        <source>Compute</source>
        <translation>احسب</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="110"/>
        <source>Save HTML report…</source>
        <translation>حفظ تقرير HTML…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="115"/>
        <source>Task / target</source>
        <translation>المهمة / الهدف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="115"/>
        <source>Krippendorff&apos;s α</source>
        <translation>α لـ Krippendorff</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="115"/>
        <location filename="../../annotator/gui/agreement_view.py" line="116"/>
        <source>items</source>
        <translation>العناصر</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="115"/>
        <source>Fleiss&apos; κ</source>
        <translation>κ لـ Fleiss</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="116"/>
        <location filename="../../annotator/gui/agreement_view.py" line="117"/>
        <source>observed</source>
        <translation>المُلاحَظ</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="117"/>
        <location filename="../../annotator/gui/agreement_view.py" line="120"/>
        <source>Pair</source>
        <translation>الزوج</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="117"/>
        <source>Cohen&apos;s κ</source>
        <translation>κ لـ Cohen</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="117"/>
        <source>n</source>
        <translation>العدد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="120"/>
        <source>Layer</source>
        <translation>الطبقة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="120"/>
        <source>documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="120"/>
        <location filename="../../annotator/gui/agreement_view.py" line="123"/>
        <source>F1 exact</source>
        <translation>F1 مطابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="121"/>
        <location filename="../../annotator/gui/agreement_view.py" line="123"/>
        <source>F1 overlap</source>
        <translation>F1 متداخل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="121"/>
        <source>precision</source>
        <translation>الدقة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="121"/>
        <source>recall</source>
        <translation>الاستدعاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="122"/>
        <source>character α</source>
        <translation>α على مستوى الحرف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="122"/>
        <source>character κ</source>
        <translation>κ على مستوى الحرف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="123"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="123"/>
        <source>exact tp / fp / fn</source>
        <translation>مطابق: صحيح / زائد / ناقص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="131"/>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="131"/>
        <source>score</source>
        <translation>الدرجة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="131"/>
        <source>label disagreements</source>
        <translation>خلافات الوسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="132"/>
        <source>span disagreements</source>
        <translation>خلافات المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="132"/>
        <source>annotators</source>
        <translation>المُوسِّمون</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="132"/>
        <source>excerpt</source>
        <translation>مقتطف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="151"/>
        <source>Pairs of the task chosen above</source>
        <translation>أزواج المهمة المختارة أعلاه</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="152"/>
        <source>Confusion of the pair chosen above (rows: first annotator)</source>
        <translation>مصفوفة الالتباس للزوج المختار أعلاه (الصفوف: المُوسِّم الأول)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="153"/>
        <source>Document labels</source>
        <translation>وسوم المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="154"/>
        <source>Per label, for the row chosen above</source>
        <translation>لكل وسم، للصف المختار أعلاه</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="155"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="156"/>
        <source>By annotator pair</source>
        <translation>حسب زوج المُوسِّمين</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="157"/>
        <source>Disagreements</source>
        <translation>الخلافات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="171"/>
        <source>Computing agreement…</source>
        <translation>جارٍ حساب الاتفاق…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="185"/>
        <source>Cancelled; the figures shown (if any) are from before.</source>
        <translation>أُلغي الحساب؛ الأرقام المعروضة (إن وُجدت) من حساب سابق.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="187"/>
        <source>Could not compute agreement: {reason}</source>
        <translation>تعذّر حساب الاتفاق: {reason}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="200"/>
        <source>every document worked on</source>
        <translation>كل مستند عُمل عليه</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="201"/>
        <source>documents both of a pair marked done</source>
        <translation>المستندات التي علّمها طرفا الزوج منجزة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="203"/>
        <source>{documents} documents compared ({scope}); annotators: {annotators}. Adjudicated: {adjudicated} of {candidates} documents that two or more annotators finished.</source>
        <translation>عدد المستندات المقارنة: {documents} ({scope})؛ المُوسِّمون: {annotators}. المعتمد: {adjudicated} من {candidates} مستندًا أنجزها مُوسِّمان أو أكثر.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="207"/>
        <source>nobody</source>
        <translation>لا أحد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="227"/>
        <source>Cohen&apos;s κ, task {task}</source>
        <translation>κ لـ Cohen، المهمة {task}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="229"/>
        <source>F1 exact, layer {layer}</source>
        <translation>F1 مطابق، الطبقة {layer}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="312"/>
        <source>Save agreement report</source>
        <translation>حفظ تقرير الاتفاق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="313"/>
        <source>HTML (*.html)</source>
        <translation>صفحة HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="337"/>
        <source>Could not write {path}: {reason}</source>
        <translation>تعذّرت كتابة {path}: {reason}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="339"/>
        <source>Report written to {path}.</source>
        <translation>كُتب التقرير في {path}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_view.py" line="356"/>
        <source>, </source>
        <translation>، </translation>
    </message>
</context>
<context>
    <name>AnnotatorChooser</name>
    <message>
        <location filename="../../annotator/gui/people.py" line="15"/>
        <source>annotator</source>
        <translation>مُوسِّم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/people.py" line="16"/>
        <source>reviewer</source>
        <translation>مُراجِع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/people.py" line="17"/>
        <source>lead</source>
        <translation>قائد الفريق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/people.py" line="35"/>
        <source>Switch annotator</source>
        <translation>تبديل المُوسِّم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/people.py" line="45"/>
        <source>Switch</source>
        <translation>بدّل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/people.py" line="46"/>
        <source>New person…</source>
        <translation>شخص جديد…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/people.py" line="52"/>
        <source>Who is annotating in {project}?</source>
        <translation>من يُوسِّم في {project}؟</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/people.py" line="73"/>
        <location filename="../../annotator/gui/people.py" line="80"/>
        <location filename="../../annotator/gui/people.py" line="89"/>
        <source>New person</source>
        <translation>شخص جديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/people.py" line="73"/>
        <source>Name of the person to add:</source>
        <translation>اسم الشخص المراد إضافته:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/people.py" line="81"/>
        <source>Add “{name}” to {project} as a new annotator?

Their annotations will be kept apart from everyone else&apos;s.</source>
        <translation>إضافة «{name}» إلى {project} مُوسِّمًا جديدًا؟

سيُحفظ توسيمه منفصلًا عن توسيم الآخرين.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/people.py" line="90"/>
        <source>Could not add {name}: {reason}</source>
        <translation>تعذّرت إضافة {name}: {reason}</translation>
    </message>
</context>
<context>
    <name>AppTexts</name>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="23"/>
        <source>todo</source>
        <translation>لم يُبدأ</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="24"/>
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="25"/>
        <source>done</source>
        <translation>منجز</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="26"/>
        <source>skipped</source>
        <translation>متخطّى</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="27"/>
        <source>adjudicated</source>
        <translation>معتمد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="28"/>
        <source>any</source>
        <translation>أي حالة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="32"/>
        <source>ar</source>
        <translation>العربية (ar)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="33"/>
        <source>en</source>
        <translation>الإنجليزية (en)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="34"/>
        <source>fr</source>
        <translation>الفرنسية (fr)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="35"/>
        <source>de</source>
        <translation>الألمانية (de)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="36"/>
        <source>es</source>
        <translation>الإسبانية (es)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="37"/>
        <source>fa</source>
        <translation>الفارسية (fa)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="38"/>
        <source>tr</source>
        <translation>التركية (tr)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="39"/>
        <source>ur</source>
        <translation>الأردية (ur)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="40"/>
        <source>he</source>
        <translation>العبرية (he)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="45"/>
        <source>Training the {layer} model</source>
        <translation>تدريب نموذج {layer}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="46"/>
        <source>Training the stance model</source>
        <translation>تدريب نموذج الموقف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="47"/>
        <source>Suggesting from the ONNX model</source>
        <translation>اقتراحات من نموذج ONNX</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="48"/>
        <source>Exporting {format} to {file}</source>
        <translation>تصدير {format} إلى {file}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="49"/>
        <source>Computing agreement</source>
        <translation>حساب الاتفاق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="50"/>
        <source>Ranking the review queue</source>
        <translation>ترتيب قائمة انتظار المراجعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="51"/>
        <source>Propagating {label}</source>
        <translation>تعميم {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="52"/>
        <source>Applying {file}</source>
        <translation>تطبيق {file}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="53"/>
        <source>Looking for boilerplate</source>
        <translation>البحث عن حشو الصفحة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="54"/>
        <source>cancelled; nothing more was stored</source>
        <translation>أُلغي؛ لم يُحفظ شيء آخر</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="55"/>
        <source>cancelled; nothing was written</source>
        <translation>أُلغي؛ لم يُكتب شيء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="56"/>
        <source>{title}: unexpected {error}</source>
        <translation>{title}: خطأ غير متوقع {error}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="57"/>
        <source>{title}: its result could not be handed over ({error})</source>
        <translation>{title}: تعذّر تسليم نتيجته ({error})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="58"/>
        <source>{title}: the job stopped unexpectedly (exit code {code}); nothing it had not stored yet was stored</source>
        <translation>{title}: توقفت المهمة على نحو غير متوقع (رمز الخروج {code})؛ لم يُحفظ ما لم تكن قد حفظته بعد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="61"/>
        <source>tag {label}</source>
        <translation>وسم {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="62"/>
        <source>delete {label}</source>
        <translation>حذف {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="63"/>
        <source>resize {label}</source>
        <translation>تغيير حدود {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="64"/>
        <source>relabel {label} as {new}</source>
        <translation>تغيير الوسم {label} إلى {new}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="65"/>
        <source>take {label} into gold</source>
        <translation>نقل {label} إلى المعيار الذهبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="66"/>
        <source>take {count} agreed annotation(s) into gold</source>
        <translation>نقل التوسيمات المتفق عليها (العدد: {count}) إلى المعيار الذهبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="67"/>
        <source>mark {count} paragraph(s) as boilerplate</source>
        <translation>تعليم فقرات حشوًا للصفحة (العدد: {count})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="68"/>
        <source>mark adjudicated</source>
        <translation>تعليمه معتمدًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="69"/>
        <source>reopen adjudication</source>
        <translation>إعادة فتح الفصل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="70"/>
        <source>mark todo</source>
        <translation>تعليمه لم يُبدأ</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="71"/>
        <source>mark in progress</source>
        <translation>تعليمه قيد العمل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="72"/>
        <source>mark done</source>
        <translation>تعليمه منجزًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="73"/>
        <source>mark skipped</source>
        <translation>تعليمه متخطّى</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="74"/>
        <source>accept {label}</source>
        <translation>قبول {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="75"/>
        <source>reject {label}</source>
        <translation>رفض {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="76"/>
        <source>accept {label} everywhere</source>
        <translation>قبول {label} في كل المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="77"/>
        <source>accept all suggestions</source>
        <translation>قبول كل الاقتراحات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="78"/>
        <source>reject all suggestions</source>
        <translation>رفض كل الاقتراحات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="79"/>
        <source>{label}: clear</source>
        <translation>{label}: مسح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="81"/>
        <source>No document is open: import documents (annotator import FILES) or choose one in the list.</source>
        <translation>لا مستند مفتوح: استورد مستندات (annotator import FILES) أو اختر واحدًا من القائمة.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="83"/>
        <source>taking into gold is for review mode</source>
        <translation>النقل إلى المعيار الذهبي متاح في وضع المراجعة فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="84"/>
        <source>{what} makes an annotator&apos;s suggestions; leave review mode first</source>
        <translation>{what} يُنشئ اقتراحات لمُوسِّم؛ اخرج من وضع المراجعة أولًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="85"/>
        <source>propagation</source>
        <translation>التعميم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="86"/>
        <source>a gazetteer</source>
        <translation>قائمة الأسماء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="87"/>
        <source>No one is called {name} in this project (File → Switch annotator → New person… adds someone).</source>
        <translation>لا أحد باسم {name} في هذا المشروع (ملف ← تبديل المُوسِّم ← شخص جديد… لإضافة شخص).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="89"/>
        <source>You are logged in to the database as {name}: on PostgreSQL you work as {name} only (log in as {other} to work as {other}).</source>
        <translation>أنت متصل بقاعدة البيانات باسم {name}: على PostgreSQL تعمل باسم {name} فقط (سجّل الدخول باسم {other} لتعمل باسم {other}).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="91"/>
        <source>the time spent on this document was not recorded: {error}</source>
        <translation>لم يُسجَّل الوقت المستغرق في هذا المستند: {error}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="92"/>
        <source>the project&apos;s names could not be read for word snapping: {error}</source>
        <translation>تعذّرت قراءة أسماء المشروع لضبط الحدود على الكلمات: {error}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="93"/>
        <source>undo &apos;{step}&apos;: {error}</source>
        <translation>تراجع «{step}»: {error}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="94"/>
        <source>redo &apos;{step}&apos;: {error}</source>
        <translation>إعادة «{step}»: {error}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="95"/>
        <source>cannot undo &apos;{step}&apos;: {error}</source>
        <translation>تعذّر التراجع عن «{step}»: {error}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="96"/>
        <source>cannot redo &apos;{step}&apos;: {error}</source>
        <translation>تعذّرت إعادة «{step}»: {error}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="97"/>
        <source>not accepted: {reason}</source>
        <translation>لم يُقبل: {reason}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="98"/>
        <source>it is gone (accepted or rejected already)</source>
        <translation>لم يعد موجودًا (قُبل أو رُفض من قبل)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/app_texts.py" line="100"/>
        <source>{title}: {reason}</source>
        <translation>{title}: {reason}</translation>
    </message>
</context>
<context>
    <name>CandidatesModel</name>
    <message>
        <location filename="../../annotator/gui/review.py" line="30"/>
        <source>Layer / task</source>
        <translation>الطبقة / المهمة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="30"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="31"/>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="31"/>
        <source>Start</source>
        <translation>البداية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="32"/>
        <source>Gold</source>
        <translation>المعيار الذهبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="67"/>
        <source>(document)</source>
        <translation>(المستند)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="82"/>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="83"/>
        <source>disputed: {annotators}</source>
        <translation>مختلف عليه: {annotators}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="84"/>
        <source>everyone agrees: {annotators}</source>
        <translation>متفق عليه من الجميع: {annotators}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="85"/>
        <source> — in gold</source>
        <translation> — في المعيار الذهبي</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <location filename="../../annotator/gui/doc_list.py" line="111"/>
        <source>All statuses</source>
        <translation>كل الحالات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/doc_list.py" line="115"/>
        <source>My queue</source>
        <translation>قائمة انتظاري</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/doc_list.py" line="116"/>
        <source>All documents</source>
        <translation>كل المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/doc_list.py" line="120"/>
        <source>All languages</source>
        <translation>كل اللغات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/doc_list.py" line="124"/>
        <source>Search text or id…</source>
        <translation>ابحث في النص أو المعرّف…</translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <location filename="../../annotator/gui/doc_list.py" line="25"/>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/doc_list.py" line="25"/>
        <source>Lang</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/doc_list.py" line="26"/>
        <source>Length</source>
        <translation>الطول</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/doc_list.py" line="26"/>
        <source>My status</source>
        <translation>حالتي</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="27"/>
        <source>native</source>
        <translation>الصيغة الأصلية (native)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="28"/>
        <source>spans</source>
        <translation>المقاطع (spans)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="29"/>
        <source>stance</source>
        <translation>الموقف (stance)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="30"/>
        <source>boilerplate</source>
        <translation>حشو الصفحة (boilerplate)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="40"/>
        <source>Export — annotator</source>
        <translation>تصدير — annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="51"/>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="53"/>
        <source>All annotators</source>
        <translation>كل المُوسِّمين</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="54"/>
        <source>Only</source>
        <translation>فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="55"/>
        <source>Gold (adjudicated)</source>
        <translation>المعيار الذهبي (المعتمد)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="67"/>
        <source>All languages</source>
        <translation>كل اللغات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="71"/>
        <source>none, or e.g. train=0.8,dev=0.1,test=0.1</source>
        <translation>بلا تقسيم، أو مثلًا train=0.8,dev=0.1,test=0.1</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="74"/>
        <source>Keep near-duplicate stories in one split</source>
        <translation>إبقاء القصص شبه المكررة في قسم واحد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="86"/>
        <source>Format</source>
        <translation>الصيغة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="90"/>
        <source>File</source>
        <translation>الملف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="94"/>
        <source>Whose</source>
        <translation>توسيم من</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="95"/>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="99"/>
        <source>Layers</source>
        <translation>الطبقات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="100"/>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="103"/>
        <source>seed</source>
        <translation>البذرة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="105"/>
        <source>Split</source>
        <translation>التقسيم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="108"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="134"/>
        <source>Export to</source>
        <translation>التصدير إلى</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="154"/>
        <source>An export is already running; wait for it or cancel it.</source>
        <translation>يجري تصدير بالفعل؛ انتظره أو ألغه.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="162"/>
        <source>Not exported: {reason}</source>
        <translation>لم يُصدَّر: {reason}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="165"/>
        <source>Exporting to {path}… (Cancel stops it and writes nothing)</source>
        <translation>جارٍ التصدير إلى {path}… (الإلغاء يوقفه ولا يكتب شيئًا)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="173"/>
        <source>Exported: {summary}</source>
        <translation>صُدِّر: {summary}</translation>
    </message>
    <message>
        <source>Warning: {warning}</source>
        <translation>تحذير (بالإنجليزية): {warning}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="183"/>
        <source>{count} documents</source>
        <translation>المستندات: {count}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="183"/>
        <source>{count} lines</source>
        <translation>الأسطر: {count}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="184"/>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="184"/>
        <source>{path} ({count})</source>
        <translation>{path} ({count})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="187"/>
        <source>{documents} documents, {spans} spans -&gt; {files}</source>
        <translation>المستندات: {documents}، المقاطع: {spans} ← {files}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/export_dialog.py" line="190"/>
        <source>; {documents} near-duplicate documents in {groups} groups kept within one split each</source>
        <translation>؛ المستندات شبه المكررة: {documents} في {groups} مجموعة، أُبقيت كل مجموعة في قسم واحد</translation>
    </message>
</context>
<context>
    <name>JobBar</name>
    <message>
        <location filename="../../annotator/gui/jobs.py" line="77"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/jobs.py" line="123"/>
        <source> (+{count} more)</source>
        <translation> (+{count} أخرى)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/jobs.py" line="124"/>
        <source>{job}…{more}</source>
        <translation>{job}…{more}</translation>
    </message>
</context>
<context>
    <name>LearningCurve</name>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="38"/>
        <source>no training yet</source>
        <translation>لا تدريب بعد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="42"/>
        <source>documents trained on (up to {count})</source>
        <translation>المستندات المدرَّب عليها (حتى {count})</translation>
    </message>
</context>
<context>
    <name>ModelView</name>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="14"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="14"/>
        <source>Precision</source>
        <translation>الدقة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="15"/>
        <source>Recall</source>
        <translation>الاستدعاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="15"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="16"/>
        <source>In held-out documents</source>
        <translation>في المستندات المحجوزة للتقييم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="58"/>
        <source>The model&apos;s figures</source>
        <translation>أرقام النموذج</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="71"/>
        <source>&lt;b&gt;Learning curve&lt;/b&gt;: the held-out F1 of each training</source>
        <translation>&lt;b&gt;منحنى التعلّم&lt;/b&gt;: قيمة F1 على المستندات المحجوزة في كل تدريب</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="77"/>
        <source>No model yet: it is trained on the documents marked done (Suggestions → Train the model now).</source>
        <translation>لا نموذج بعد: يُدرَّب على المستندات الموسومة منجزة (اقتراحات ← تدريب النموذج الآن).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="83"/>
        <source>the ONNX model in {folder}, chosen by {who} and scored on {held_out} done documents</source>
        <translation>نموذج ONNX في {folder}، اختاره {who} وقُيِّم على مستندات منجزة عددها {held_out}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="86"/>
        <source>trained by {who} on {documents} documents and scored on {held_out} it did not learn from</source>
        <translation>درّبه {who} على مستندات عددها {documents} وقُيِّم على {held_out} لم يتعلّم منها</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="88"/>
        <source>Model {id} ({layer}), {what}</source>
        <translation>النموذج {id} ({layer})، {what}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="90"/>
        <source>; names after a proclitic: F1 {f1}</source>
        <translation>؛ الأسماء بعد سابقة متصلة: F1 {f1}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="92"/>
        <source>; accuracy {accuracy}, F1 the mean of the labels&apos;</source>
        <translation>؛ الصحة {accuracy}، وF1 متوسط قيم الوسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="94"/>
        <source>.</source>
        <translation>.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/model_view.py" line="95"/>
        <source>All</source>
        <translation>الكل</translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="13"/>
        <source>Annotator</source>
        <translation>المُوسِّم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="13"/>
        <source>Role</source>
        <translation>الدور</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="14"/>
        <source>Done</source>
        <translation>منجز</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="14"/>
        <source>Of</source>
        <translation>من أصل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="15"/>
        <source>In progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="15"/>
        <source>Skipped</source>
        <translation>متخطّى</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="16"/>
        <source>Time</source>
        <translation>الوقت</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="16"/>
        <source>Documents/hour</source>
        <translation>مستندات/ساعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="23"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} س {minutes} د</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="25"/>
        <source>{minutes} min</source>
        <translation>{minutes} د</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="36"/>
        <source>Team progress — {project}</source>
        <translation>تقدّم الفريق — {project}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="40"/>
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="52"/>
        <source>{documents} documents; {done} of {total} adjudicated.</source>
        <translation>المستندات: {documents}؛ المعتمد منها {done} من {total}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="57"/>
        <source>{count} assigned</source>
        <translation>المسند: {count}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/progress_view.py" line="58"/>
        <source>{count} (no queue)</source>
        <translation>{count} (بلا قائمة انتظار)</translation>
    </message>
</context>
<context>
    <name>RefreshActions</name>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="67"/>
        <source> — {document}</source>
        <translation> — المستند {document}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="68"/>
        <source> (reviewing gold)</source>
        <translation> (مراجعة المعيار الذهبي)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="69"/>
        <source>{project} — {annotator}{mode}{where} — annotator</source>
        <translation>{project} — {annotator}{mode}{where} — annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="76"/>
        <source>{annotator}: {done} / {total} adjudicated</source>
        <translation>المعتمد لـ {annotator}: {done} من {total}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="86"/>
        <source>{annotator}: {done} / {total} done</source>
        <translation>المنجز لـ {annotator}: {done} من {total}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="88"/>
        <source> (my queue)</source>
        <translation> (قائمة انتظاري)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="109"/>
        <source>Nothing to undo.</source>
        <translation>لا شيء للتراجع عنه.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="110"/>
        <source>Nothing to redo.</source>
        <translation>لا شيء لإعادته.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="114"/>
        <source> in {document}</source>
        <translation> في {document}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="116"/>
        <source>Undone{where}: {step}.</source>
        <translation>تراجع{where}: {step}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/refresh.py" line="117"/>
        <source>Redone{where}: {step}.</source>
        <translation>إعادة{where}: {step}.</translation>
    </message>
</context>
<context>
    <name>ReviewActions</name>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="63"/>
        <source>&lt;b&gt;Review&lt;/b&gt;: ranking documents by disagreement…</source>
        <translation>&lt;b&gt;المراجعة&lt;/b&gt;: جارٍ ترتيب المستندات حسب الخلاف…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="96"/>
        <source>&lt;b&gt;Gold document labels&lt;/b&gt;</source>
        <translation>&lt;b&gt;وسوم المستند في المعيار الذهبي&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="97"/>
        <source>&lt;b&gt;Document&lt;/b&gt;</source>
        <translation>&lt;b&gt;المستند&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="98"/>
        <source>&lt;b&gt;Gold spans&lt;/b&gt;</source>
        <translation>&lt;b&gt;مقاطع المعيار الذهبي&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="99"/>
        <source>&lt;b&gt;My spans&lt;/b&gt;</source>
        <translation>&lt;b&gt;مقاطعي&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="112"/>
        <location filename="../../annotator/gui/review_mode.py" line="124"/>
        <source>Taking into gold is for review mode (Ctrl+R).</source>
        <translation>النقل إلى المعيار الذهبي في وضع المراجعة (Ctrl+R).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="116"/>
        <source>Choose a row in the review table first (click it, or F8 for the next disagreement).</source>
        <translation>اختر صفًا من جدول المراجعة أولًا (انقره، أو F8 للخلاف التالي).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="128"/>
        <source>Nothing agreed is left to take.</source>
        <translation>لم يبقَ شيء متفق عليه للنقل.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="142"/>
        <source>Disagreements are shown in review mode (Ctrl+R).</source>
        <translation>تظهر الخلافات في وضع المراجعة (Ctrl+R).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="144"/>
        <source>No disagreements on this document.</source>
        <translation>لا خلافات في هذا المستند.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="148"/>
        <source>Team progress is for leads.</source>
        <translation>تقدّم الفريق لقائد الفريق فقط.</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../annotator/gui/review.py" line="105"/>
        <source>Take into gold (Ctrl+G)</source>
        <translation>نقل إلى المعيار الذهبي (Ctrl+G)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="107"/>
        <source>Take all agreed (Ctrl+Shift+G)</source>
        <translation>نقل كل المتفق عليه (Ctrl+Shift+G)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="109"/>
        <source>Adjudicated, next (Ctrl+Enter)</source>
        <translation>اعتُمد، التالي (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="135"/>
        <source>This document is adjudicated.</source>
        <translation>هذا المستند معتمد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="136"/>
        <source>This document is not adjudicated yet.</source>
        <translation>هذا المستند لم يُعتمد بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="137"/>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="137"/>
        <source>nobody</source>
        <translation>لا أحد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="139"/>
        <source>&lt;b&gt;Annotations&lt;/b&gt; by {annotators}: {disputed} of {distinct} disputed ({score}) (tinted). {state}</source>
        <translation>&lt;b&gt;التوسيمات&lt;/b&gt; من {annotators}: {disputed} من {distinct} مختلف عليها ({score}) (مظلّلة). {state}</translation>
    </message>
</context>
<context>
    <name>ReviewQueue</name>
    <message>
        <location filename="../../annotator/gui/review.py" line="244"/>
        <source>Include unfinished work</source>
        <translation>تضمين العمل غير المنجز</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="245"/>
        <source>Also rank documents that two annotators worked on but did not both mark done</source>
        <translation>رتّب أيضًا المستندات التي عمل عليها مُوسِّمان ولم يعلّمها كلاهما منجزة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="277"/>
        <source>&lt;b&gt;Review&lt;/b&gt;: {done} of {total} documents adjudicated, most disagreed first</source>
        <translation>&lt;b&gt;المراجعة&lt;/b&gt;: اعتُمد {done} من {total} مستندًا، الأكثر خلافًا أولًا</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <location filename="../../annotator/gui/review.py" line="175"/>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="175"/>
        <source>Disagreement</source>
        <translation>الخلاف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="176"/>
        <source>Annotators</source>
        <translation>المُوسِّمون</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="176"/>
        <source>Adjudicated</source>
        <translation>معتمد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="219"/>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review.py" line="223"/>
        <source>{disputed} of {distinct} disputed ({score}): {spans} spans and {labels} document labels</source>
        <translation>{disputed} من {distinct} مختلف عليها ({score}): مقاطع {spans} ووسوم مستند {labels}</translation>
    </message>
</context>
</TS>
