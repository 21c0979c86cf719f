<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Theme</name>
    <message>
        <location filename="../../client/app/theme.cpp" line="23"/>
        <source>Unknown theme &apos;%1&apos;: use light, dark or system.</source>
        <translation>Unbekanntes Design &apos;%1&apos;: light, dark oder system verwenden.</translation>
    </message>
</context>
<context>
    <name>TokenStore</name>
    <message>
        <location filename="../../client/app/token_store.cpp" line="27"/>
        <source>the keychain is not available: %1</source>
        <translation>der Schlüsselbund ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <location filename="../../client/app/token_store.cpp" line="53"/>
        <source>the system keychain</source>
        <translation>den Schlüsselbund des Systems</translation>
    </message>
    <message>
        <location filename="../../client/app/token_store.cpp" line="95"/>
        <source>a file only you can read</source>
        <translation>eine Datei, die nur du lesen kannst</translation>
    </message>
    <message>
        <location filename="../../client/app/token_store.cpp" line="116"/>
        <source>memory, for this session only</source>
        <translation>den Arbeitsspeicher, nur für diese Sitzung</translation>
    </message>
</context>
<context>
    <name>natter::app</name>
    <message>
        <location filename="../../client/app/profile_photo.cpp" line="29"/>
        <location filename="../../client/app/profile_photo.cpp" line="52"/>
        <location filename="../../client/app/profile_photo.cpp" line="58"/>
        <source>Profile photo not changed: %1</source>
        <translation>Profilbild nicht geändert: %1</translation>
    </message>
    <message>
        <location filename="../../client/app/profile_photo.cpp" line="30"/>
        <source>Profile photo removed</source>
        <translation>Profilbild entfernt</translation>
    </message>
    <message>
        <location filename="../../client/app/profile_photo.cpp" line="30"/>
        <source>Profile photo set</source>
        <translation>Profilbild gesetzt</translation>
    </message>
</context>
<context>
    <name>natter::app::Composer</name>
    <message>
        <location filename="../../client/app/composer.cpp" line="16"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <location filename="../../client/app/composer.cpp" line="17"/>
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
</context>
<context>
    <name>natter::app::ConversationStatus</name>
    <message>
        <location filename="../../client/app/conversation_status.cpp" line="12"/>
        <source>Conversation status</source>
        <translation>Status der Unterhaltung</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/app/conversation_status.cpp" line="58"/>
        <source>%n members</source>
        <translation>
            <numerusform>%n Mitglied</numerusform>
            <numerusform>%n Mitglieder</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::app::ConversationView</name>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="101"/>
        <source>Conversation title</source>
        <translation>Titel der Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="106"/>
        <source>Group info</source>
        <translation>Gruppeninfo</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="107"/>
        <source>Members…</source>
        <translation>Mitglieder…</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="110"/>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="66"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="79"/>
        <location filename="../../client/app/conversation_view.cpp" line="193"/>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="80"/>
        <source>Attach files (or drop them here, or paste a picture)</source>
        <translation>Dateien anhängen (oder hierher ziehen oder ein Bild einfügen)</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="84"/>
        <source>Files to send</source>
        <translation>Zu sendende Dateien</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="88"/>
        <source>Remove the attached files</source>
        <translation>Angehängte Dateien entfernen</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="91"/>
        <source>Preview of the picture to send</source>
        <translation>Vorschau des zu sendenden Bildes</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="137"/>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="156"/>
        <source>↓ Jump to latest</source>
        <translation>↓ Zu den neuesten</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="157"/>
        <source>Back to the newest messages</source>
        <translation>Zurück zu den neuesten Nachrichten</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="183"/>
        <source>Not sent: this device could not store the message (is the disk full?). Free some space and send it again.</source>
        <translation>Nicht gesendet: Dieses Gerät konnte die Nachricht nicht speichern (ist der Datenträger voll?). Schaffen Sie Platz und senden Sie sie erneut.</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="238"/>
        <source>That message is not on this computer; connect to open it.</source>
        <translation>Diese Nachricht ist nicht auf diesem Computer; verbinden Sie sich, um sie zu öffnen.</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="275"/>
        <source>A message carries at most %1 files; send these first.</source>
        <translation>Eine Nachricht trägt höchstens %1 Dateien; senden Sie diese zuerst.</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="306"/>
        <source>The pasted picture could not be kept: is the disk full?</source>
        <translation>Das eingefügte Bild konnte nicht gespeichert werden: Ist der Datenträger voll?</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="539"/>
        <source>Cancel sending</source>
        <translation>Senden abbrechen</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="543"/>
        <source>Open “%1”</source>
        <translation>„%1“ öffnen</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="544"/>
        <source>Save “%1”…</source>
        <translation>„%1“ speichern…</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="549"/>
        <source>Message info…</source>
        <translation>Nachrichteninfo…</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="529"/>
        <source>Retry</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <location filename="../../client/app/conversation_view.cpp" line="530"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>natter::app::DesktopClient</name>
    <message>
        <location filename="../../client/app/desktop_client.cpp" line="107"/>
        <source>Your session could not be stored (%1); you will have to sign in again next time, or start natter with --token-file to keep it in a file only you can read.</source>
        <translation>Deine Sitzung konnte nicht gespeichert werden (%1); du musst dich beim nächsten Mal erneut anmelden, oder starte natter mit --token-file, um sie in einer Datei zu speichern, die nur du lesen kannst.</translation>
    </message>
    <message>
        <location filename="../../client/app/desktop_client.cpp" line="148"/>
        <source>The local cache cannot be opened (%1): conversations cannot be shown or sent on this device. Check that the disk has space and the profile folder is writable, then restart Natter.</source>
        <translation>Der lokale Speicher lässt sich nicht öffnen (%1): Unterhaltungen können auf diesem Gerät weder angezeigt noch gesendet werden. Prüfen Sie, ob der Datenträger Platz hat und der Profilordner beschreibbar ist, und starten Sie Natter neu.</translation>
    </message>
    <message>
        <source>The local cache cannot be opened: %1</source>
        <translation type="vanished">Der lokale Zwischenspeicher kann nicht geöffnet werden: %1</translation>
    </message>
</context>
<context>
    <name>natter::app::FileActions</name>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="40"/>
        <source>Save file</source>
        <translation>Datei speichern</translation>
    </message>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="50"/>
        <source>Saving %1 was cancelled</source>
        <translation>Speichern von %1 abgebrochen</translation>
    </message>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="54"/>
        <source>Saving %1…</source>
        <translation>%1 wird gespeichert…</translation>
    </message>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="59"/>
        <source>%1 was not saved: %2</source>
        <translation>%1 wurde nicht gespeichert: %2</translation>
    </message>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="64"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="82"/>
        <source>%1 is a program: save it and open it yourself if you trust the sender</source>
        <translation>%1 ist ein Programm: Speichern Sie es und öffnen Sie es selbst, wenn Sie dem Absender vertrauen</translation>
    </message>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="85"/>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="103"/>
        <source>Opening %1 was cancelled</source>
        <translation>Öffnen von %1 abgebrochen</translation>
    </message>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="105"/>
        <source>%1 could not be opened: %2</source>
        <translation>%1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="122"/>
        <source>%1 could not be opened: is the disk full?</source>
        <translation>%1 konnte nicht geöffnet werden: Ist der Datenträger voll?</translation>
    </message>
    <message>
        <location filename="../../client/app/file_actions.cpp" line="123"/>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
</context>
<context>
    <name>natter::app::GroupInfoDialog</name>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="21"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="22"/>
        <source>Remove selected</source>
        <translation>Auswahl entfernen</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="27"/>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="29"/>
        <source>Username to add</source>
        <translation>Hinzuzufügender Benutzername</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="31"/>
        <source>Add member</source>
        <translation>Mitglied hinzufügen</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="33"/>
        <source>Remove selected member</source>
        <translation>Ausgewähltes Mitglied entfernen</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="80"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="87"/>
        <source>%1 (admin)</source>
        <translation>%1 (Admin)</translation>
    </message>
</context>
<context>
    <name>natter::app::MainWindow</name>
    <message>
        <location filename="../../client/app/main_window.cpp" line="101"/>
        <source>Find a conversation</source>
        <translation>Unterhaltung suchen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="102"/>
        <source>Search conversations (Ctrl+K)</source>
        <translation>Unterhaltungen durchsuchen (Strg+K)</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="108"/>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="55"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="157"/>
        <source>&amp;Conversation</source>
        <translation>&amp;Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="159"/>
        <source>&amp;New conversation…</source>
        <translation>&amp;Neue Unterhaltung…</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="162"/>
        <source>&amp;Jump to conversation</source>
        <translation>Zu Unterhaltung &amp;springen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="169"/>
        <source>&amp;Search messages…</source>
        <translation>Nachrichten &amp;suchen…</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="172"/>
        <source>&amp;Find in conversation…</source>
        <translation>In Unterhaltung &amp;finden…</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="178"/>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="180"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="183"/>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="184"/>
        <source>Desktop &amp;notifications</source>
        <translation>Desktop-&amp;Benachrichtigungen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="197"/>
        <source>Hide my &amp;last-seen time</source>
        <translation>Meine &amp;Zuletzt-online-Zeit verbergen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="202"/>
        <source>Settings not saved: %1</source>
        <translation>Einstellungen nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="226"/>
        <source>Profile &amp;photo…</source>
        <translation>Profil&amp;bild…</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="231"/>
        <source>Profile photo</source>
        <translation>Profilbild</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="232"/>
        <source>Pictures (*.png *.jpg *.jpeg *.gif)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.gif)</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="235"/>
        <source>Setting the profile photo…</source>
        <translation>Profilbild wird gesetzt…</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="239"/>
        <source>&amp;Remove profile photo</source>
        <translation>Profilbild &amp;entfernen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="247"/>
        <source>Clear &amp;media cache</source>
        <translation>&amp;Medienspeicher leeren</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="252"/>
        <source>Clear &amp;media cache (%1 of %2)</source>
        <translation>&amp;Medienspeicher leeren (%1 von %2)</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="258"/>
        <source>Media cache &amp;limit</source>
        <translation>&amp;Grenze des Medienspeichers</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="277"/>
        <source>Media cache cleared: pictures and files are downloaded again when shown</source>
        <translation>Medienspeicher geleert: Bilder und Dateien werden beim Anzeigen neu geladen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="279"/>
        <source>The media cache could not be cleared</source>
        <translation>Der Medienspeicher konnte nicht geleert werden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="348"/>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="356"/>
        <source>Natter (%1) — %2</source>
        <translation>Natter (%1) — %2</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="357"/>
        <source>Natter — %1</source>
        <translation>Natter — %1</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="367"/>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="370"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/app/main_window.cpp" line="374"/>
        <source>Reconnecting in %n s</source>
        <translation>
            <numerusform>Neuer Verbindungsversuch in %n s</numerusform>
            <numerusform>Neuer Verbindungsversuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="378"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>natter::app::MessageDelegate</name>
    <message>
        <location filename="../../client/app/message_delegate.cpp" line="62"/>
        <source>✓✓ read by %1 of %2</source>
        <translation>✓✓ gelesen von %1 von %2</translation>
    </message>
    <message>
        <location filename="../../client/app/message_delegate.cpp" line="195"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location filename="../../client/app/message_delegate.cpp" line="243"/>
        <location filename="../../client/app/message_delegate.cpp" line="263"/>
        <location filename="../../client/app/message_delegate.cpp" line="320"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../../client/app/message_delegate.cpp" line="243"/>
        <location filename="../../client/app/message_delegate.cpp" line="265"/>
        <location filename="../../client/app/message_delegate.cpp" line="321"/>
        <source>Save as…</source>
        <translation>Speichern unter…</translation>
    </message>
</context>
<context>
    <name>natter::app::MessageInfoDialog</name>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="18"/>
        <source>Message info</source>
        <translation>Nachrichteninfo</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="21"/>
        <source>Who received and read the message</source>
        <translation>Wer die Nachricht erhalten und gelesen hat</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="22"/>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="22"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="31"/>
        <source>Read %1</source>
        <translation>Gelesen %1</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="33"/>
        <source>Read</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="35"/>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <location filename="../../client/app/message_info_dialog.cpp" line="37"/>
        <source>Not delivered yet</source>
        <translation>Noch nicht zugestellt</translation>
    </message>
</context>
<context>
    <name>natter::app::NewConversationDialog</name>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="23"/>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="25"/>
        <source>Conversation kind</source>
        <translation>Art der Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="27"/>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="29"/>
        <source>Group title</source>
        <translation>Gruppentitel</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="31"/>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="32"/>
        <source>usernames, separated by commas</source>
        <translation>Benutzernamen, durch Kommas getrennt</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="34"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="39"/>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="42"/>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="43"/>
        <source>&amp;Members:</source>
        <translation>&amp;Mitglieder:</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="44"/>
        <source>Direct</source>
        <translation>Direkt</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="45"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="49"/>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="50"/>
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="52"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>natter::app::SearchPanel</name>
    <message>
        <location filename="../../client/app/search_panel.cpp" line="100"/>
        <location filename="../../client/app/search_panel.cpp" line="101"/>
        <source>Search messages</source>
        <translation>Nachrichten suchen</translation>
    </message>
    <message>
        <location filename="../../client/app/search_panel.cpp" line="105"/>
        <source>Search every conversation</source>
        <translation>In allen Unterhaltungen suchen</translation>
    </message>
    <message>
        <location filename="../../client/app/search_panel.cpp" line="110"/>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <location filename="../../client/app/search_panel.cpp" line="155"/>
        <source>in %1 ✕</source>
        <translation>in %1 ✕</translation>
    </message>
    <message>
        <location filename="../../client/app/search_panel.cpp" line="175"/>
        <source>Searching the server…</source>
        <translation>Der Server wird durchsucht…</translation>
    </message>
    <message>
        <location filename="../../client/app/search_panel.cpp" line="179"/>
        <source>No messages found</source>
        <translation>Keine Nachrichten gefunden</translation>
    </message>
    <message>
        <location filename="../../client/app/search_panel.cpp" line="182"/>
        <source>Offline — showing messages on this computer</source>
        <translation>Offline — Nachrichten auf diesem Computer</translation>
    </message>
    <message>
        <location filename="../../client/app/search_panel.cpp" line="185"/>
        <source>The server could not search (%1) — showing messages on this computer</source>
        <translation>Der Server konnte nicht suchen (%1) — Nachrichten auf diesem Computer</translation>
    </message>
</context>
<context>
    <name>natter::app::SignInDialog</name>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="22"/>
        <location filename="../../client/app/sign_in_dialog.cpp" line="37"/>
        <source>Stay signed in</source>
        <translation>Angemeldet bleiben</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="24"/>
        <location filename="../../client/app/sign_in_dialog.cpp" line="39"/>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="25"/>
        <location filename="../../client/app/sign_in_dialog.cpp" line="40"/>
        <source>Create account</source>
        <translation>Konto erstellen</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="28"/>
        <source>Sign in to Natter</source>
        <translation>Bei Natter anmelden</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="33"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="34"/>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="35"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="36"/>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="38"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="42"/>
        <source>Only when creating an account</source>
        <translation>Nur beim Erstellen eines Kontos</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="49"/>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="50"/>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="51"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="52"/>
        <source>&amp;Display name:</source>
        <translation>&amp;Anzeigename:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="102"/>
        <source>Wrong username or password.</source>
        <translation>Falscher Benutzername oder falsches Passwort.</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="104"/>
        <source>This username is taken. Choose another one.</source>
        <translation>Dieser Benutzername ist vergeben. Bitte wähle einen anderen.</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="106"/>
        <source>This server runs an incompatible version of Natter: %1</source>
        <translation>Dieser Server verwendet eine inkompatible Natter-Version: %1</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="108"/>
        <source>Cannot reach the server. Check the address and your connection.</source>
        <translation>Der Server ist nicht erreichbar. Prüfe die Adresse und deine Verbindung.</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="119"/>
        <source>The server address must start with ws:// or wss://.</source>
        <translation>Die Serveradresse muss mit ws:// oder wss:// beginnen.</translation>
    </message>
</context>
<context>
    <name>natter::app::TransferRow</name>
    <message>
        <location filename="../../client/app/transfer_strip.cpp" line="23"/>
        <source>⬇ %1</source>
        <translation>⬇ %1</translation>
    </message>
    <message>
        <location filename="../../client/app/transfer_strip.cpp" line="29"/>
        <source>Progress of %1</source>
        <translation>Fortschritt von %1</translation>
    </message>
    <message>
        <location filename="../../client/app/transfer_strip.cpp" line="31"/>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location filename="../../client/app/transfer_strip.cpp" line="32"/>
        <source>Retry %1</source>
        <translation>%1 wiederholen</translation>
    </message>
    <message>
        <location filename="../../client/app/transfer_strip.cpp" line="36"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../client/app/transfer_strip.cpp" line="37"/>
        <source>Cancel %1</source>
        <translation>%1 abbrechen</translation>
    </message>
    <message>
        <location filename="../../client/app/transfer_strip.cpp" line="69"/>
        <source>⚠ %1: %2</source>
        <translation>⚠ %1: %2</translation>
    </message>
    <message>
        <location filename="../../client/app/transfer_strip.cpp" line="72"/>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <location filename="../../client/app/transfer_strip.cpp" line="73"/>
        <source>Dismiss %1</source>
        <translation>%1 ausblenden</translation>
    </message>
</context>
<context>
    <name>natter::app::TrayNotifier</name>
    <message>
        <location filename="../../client/app/notifier.cpp" line="21"/>
        <location filename="../../client/app/notifier.cpp" line="39"/>
        <source>Natter</source>
        <translation>Natter</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/app/notifier.cpp" line="39"/>
        <source>Natter — %n unread</source>
        <translation>
            <numerusform>Natter — %n ungelesen</numerusform>
            <numerusform>Natter — %n ungelesen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::client::ConversationListModel</name>
    <message numerus="yes">
        <location filename="../../client/core/conversation_list_model.cpp" line="178"/>
        <source>%1, %n unread</source>
        <translation>
            <numerusform>%1, %n ungelesen</numerusform>
            <numerusform>%1, %n ungelesen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::client::MessageListModel</name>
    <message>
        <location filename="../../client/core/message_list_model.cpp" line="370"/>
        <source>%1 at %2: %3</source>
        <translation>%1 um %2: %3</translation>
    </message>
</context>
<context>
    <name>natter::client::PresenceBook</name>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="64"/>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="66"/>
        <source>away</source>
        <translation>abwesend</translation>
    </message>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="68"/>
        <source>last seen recently</source>
        <translation>zuletzt kürzlich online</translation>
    </message>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="73"/>
        <source>last seen today at %1</source>
        <translation>zuletzt heute um %1 online</translation>
    </message>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="75"/>
        <source>last seen yesterday at %1</source>
        <translation>zuletzt gestern um %1 online</translation>
    </message>
    <message>
        <location filename="../../client/core/presence_book.cpp" line="76"/>
        <source>last seen %1 at %2</source>
        <translation>zuletzt am %1 um %2 online</translation>
    </message>
</context>
<context>
    <name>natter::client::SearchResultsModel</name>
    <message>
        <location filename="../../client/core/search_results_model.cpp" line="165"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>natter::client::TypingTracker</name>
    <message>
        <location filename="../../client/core/typing_tracker.cpp" line="34"/>
        <source>%1 is typing…</source>
        <translation>%1 schreibt…</translation>
    </message>
    <message>
        <location filename="../../client/core/typing_tracker.cpp" line="36"/>
        <source>%1 and %2 are typing…</source>
        <translation>%1 und %2 schreiben…</translation>
    </message>
    <message>
        <location filename="../../client/core/typing_tracker.cpp" line="38"/>
        <source>Several people are typing…</source>
        <translation>Mehrere Personen schreiben…</translation>
    </message>
</context>
</TS>
